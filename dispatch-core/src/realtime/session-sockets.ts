import type { Executor } from '@c120/db';
import { users } from '@c120/db/repositories';
import { WS_CLOSE } from '../events/index.ts';

/** An open WebSocket and the sign-in session it was opened with. */
export interface SessionSocket {
  sessionId: number;
  userId: number;
  close(code: number, reason: string): void;
}

export interface SessionSocketsOptions {
  /** How often open sockets' sessions are checked in the database (revocations made by another instance). */
  sweepMs: number;
}

export const DEFAULT_SESSION_SOCKETS: SessionSocketsOptions = { sweepMs: 15_000 };

/**
 * Closes WebSockets whose session ended. A sign-out or revocation on this instance closes them at once (the
 * auth service calls `endSessions` / `endUser`); one made on another instance, an expiry or a user disabled
 * by hand in the database is found by the sweep — one query for all open sockets every `sweepMs` — so such a
 * socket stays open at most `sweepMs` (+ the query) after its session ended.
 */
export class SessionSockets {
  private readonly bySession = new Map<number, Set<SessionSocket>>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly db: Executor,
    private readonly opts: SessionSocketsOptions = DEFAULT_SESSION_SOCKETS,
  ) {}

  /** Tracks a socket until the returned function is called (on its close). */
  add(socket: SessionSocket): () => void {
    let set = this.bySession.get(socket.sessionId);
    if (!set) this.bySession.set(socket.sessionId, (set = new Set()));
    set.add(socket);
    return () => {
      set.delete(socket);
      if (set.size === 0 && this.bySession.get(socket.sessionId) === set) this.bySession.delete(socket.sessionId);
    };
  }

  get size(): number {
    let n = 0;
    for (const set of this.bySession.values()) n += set.size;
    return n;
  }

  endSessions(sessionIds: Iterable<number>, reason = 'session ended'): number {
    let n = 0;
    for (const id of sessionIds) {
      const set = this.bySession.get(id);
      if (!set) continue;
      this.bySession.delete(id);
      for (const s of set) {
        s.close(WS_CLOSE.sessionEnded, reason);
        n++;
      }
    }
    return n;
  }

  endUser(userId: number, reason = 'session ended'): number {
    const ids: number[] = [];
    for (const [id, set] of this.bySession) {
      for (const s of set) if (s.userId === userId) ids.push(id);
    }
    return this.endSessions(ids, reason);
  }

  /** Closes the sockets whose session is no longer live in the database; resolves with how many. */
  sweep(): Promise<number> {
    this.sweeping ??= this.check().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sweep().catch(() => undefined); // database away: the next sweep tries again
    }, this.opts.sweepMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping?.catch(() => undefined);
  }

  private async check(): Promise<number> {
    const ids = [...this.bySession.keys()];
    if (ids.length === 0) return 0;
    const live = new Set(await users.liveSessionIds(this.db, ids));
    return this.endSessions(
      ids.filter((id) => !live.has(id)),
      'session ended',
    );
  }
}
