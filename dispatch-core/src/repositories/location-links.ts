/** The caller's one-time location links (only the token's SHA-256 is stored): SQL in db's `locationLinks`. */
import { locationLinks } from '@c120/db/repositories';

export type { LinkState } from '@c120/db/repositories';
export const { revokeOpenLinks, insertLocationLink, setLinkSmsStatus, findLink, markLinkUsed } = locationLinks;
