import { createHash, randomBytes } from 'node:crypto';
import { actorUserId } from '../auth/roles.ts';
import type { LocateBody, LocateStatus, LocationLinkResult } from '../contracts/telephony.ts';
import { HttpError, badRequest, notFound } from '../domain/errors.ts';
import { appendEvent } from '../repositories/events.ts';
import { insertCallLocation, lockCall, readCall } from '../repositories/calls.ts';
import {
  findLink,
  insertLocationLink,
  markLinkUsed,
  revokeOpenLinks,
  setLinkSmsStatus,
  type LinkState,
} from '../repositories/location-links.ts';
import type { Actor, ServiceContext } from './context.ts';
import type { SmsGateway } from './sms-gateway.ts';

/** The console page the link opens (console/src/routes/l/[token]). */
export const LOCATION_LINK_PATH = '/l/';
const MAX_FUTURE_MS = 30_000;

export const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What the caller's page may learn: only that the link is refused, and why — nothing of the call or incident. */
function refusal(link: LinkState | null): HttpError | null {
  if (!link) return new HttpError(404, 'this location link is not valid', 'link_unknown');
  if (link.used) return new HttpError(410, 'this location link has already been used', 'link_used');
  if (link.revoked) return new HttpError(410, 'this location link was replaced by a newer one', 'link_revoked');
  if (link.expired) return new HttpError(410, 'this location link has expired', 'link_expired');
  return null;
}

/**
 * The caller's location link (Fuyang's SMS link): the dispatcher makes a one-time link for a call and sends it
 * by SMS (or reads it out); the caller's browser posts its geolocation to it once, and the position appears on
 * the call (`call.located`) with its accuracy. The token is 256 random bits; only its SHA-256 is stored; the link
 * works once, until it expires, and a newer link for the call replaces it.
 */
export class CallerLocationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly sms: SmsGateway,
  ) {}

  async createLink(callId: number, sendSms: boolean, origin: string, actor: Actor): Promise<LocationLinkResult> {
    const token = randomBytes(32).toString('base64url');
    const ttl = this.ctx.config.phoneLine.locationLinkTtlMinutes;
    const made = await this.ctx.db.transaction(async (tx) => {
      const call = await lockCall(tx, callId);
      if (!call) throw notFound(`call ${callId}`);
      if (sendSms && !call.callerNumber) {
        throw new HttpError(422, 'the caller’s number is withheld: read the link out instead', 'no_caller_number');
      }
      await revokeOpenLinks(tx, callId);
      const link = await insertLocationLink(tx, {
        callId,
        tokenHash: hashLinkToken(token),
        ttlMinutes: ttl,
        userId: actorUserId(actor),
      });
      return { ...link, callerNumber: call.callerNumber };
    });
    const base = this.ctx.config.phoneLine.locationLinkBaseUrl ?? origin;
    const url = `${base}${LOCATION_LINK_PATH}${token}`;
    if (!sendSms || !made.callerNumber) {
      return { url, expiresAt: made.expiresAt.toISOString(), sms: 'not_sent', smsDetail: null };
    }
    // The text says nothing of the incident: who called and why stays with the centre.
    const text = `【120急救中心】请点击链接发送您的位置，便于救护车尽快找到您（${ttl}分钟内有效，仅可使用一次）：${url}`;
    const outcome = await this.sms.send(made.callerNumber, text);
    await setLinkSmsStatus(this.ctx.db, made.id, outcome.status);
    return { url, expiresAt: made.expiresAt.toISOString(), sms: outcome.status, smsDetail: outcome.detail };
  }

  /** The caller's page asks first, so an expired or used link says so before the browser asks for the position. */
  async status(token: string): Promise<LocateStatus> {
    const link = await findLink(this.ctx.db, hashLinkToken(token), false);
    const refused = refusal(link);
    if (refused || !link) throw refused ?? notFound('link');
    return { open: true, expiresAt: link.expiresAt.toISOString() };
  }

  async locate(token: string, body: LocateBody): Promise<void> {
    const now = Date.now();
    const at = body.at ? new Date(body.at) : new Date(now);
    if (at.getTime() > now + MAX_FUTURE_MS) throw badRequest('at is in the future', 'absurd_time');
    await this.ctx.db.transaction(async (tx) => {
      const link = await findLink(tx, hashLinkToken(token), true);
      const refused = refusal(link);
      if (refused || !link) throw refused ?? notFound('link');
      // A fix older than the link was taken before the caller opened it (a cached position): refused.
      if (at.getTime() < link.createdAt.getTime() - MAX_FUTURE_MS) {
        throw badRequest('the position is older than the link', 'stale_position');
      }
      await markLinkUsed(tx, link.id);
      await insertCallLocation(tx, link.callId, {
        lon: body.lon,
        lat: body.lat,
        accuracyM: body.accuracyM,
        source: 'link',
        at,
      });
      const call = await readCall(tx, link.callId);
      if (!call) throw notFound('call');
      await appendEvent(tx, 'call.located', { call }, { actor: 'system:location-link', incidentId: call.incidentId });
    });
    this.ctx.eventsCommitted();
  }
}
