import { getContext, setContext } from 'svelte';
import type { Me } from '@c120/dispatch-core/contracts';
import { ApiError, onUnauthorized } from '../services/http.ts';
import { fetchMe, signIn, signOut } from '../services/auth.ts';

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out';

/**
 * Who is signed in. The session itself is the server's HttpOnly cookie; this only mirrors `GET /api/auth/me`.
 * Any API answer 401 (expired, revoked, signed out elsewhere) turns the session signed-out, and the layout
 * sends the user to the login page.
 */
export class Session {
  user = $state<Me | null>(null);
  status = $state<SessionStatus>('loading');

  /** Officials watch and change nothing (the server refuses it anyway; the UI does not offer it). */
  readonly readOnly = $derived(this.user?.role === 'official');
  readonly canDispatch = $derived(this.user?.role === 'dispatcher' || this.user?.role === 'admin');
  readonly isCrew = $derived(this.user?.role === 'crew');

  constructor() {
    onUnauthorized(() => {
      this.user = null;
      this.status = 'signed-out';
    });
  }

  async load(): Promise<void> {
    try {
      this.user = await fetchMe();
      this.status = 'signed-in';
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.user = null;
        this.status = 'signed-out';
        return;
      }
      throw error;
    }
  }

  async signIn(username: string, password: string): Promise<Me> {
    const { user } = await signIn(username, password);
    this.user = user;
    this.status = 'signed-in';
    return user;
  }

  async signOut(): Promise<void> {
    try {
      await signOut();
    } finally {
      this.user = null;
      this.status = 'signed-out';
    }
  }
}

const KEY = Symbol('session');
export const setSessionContext = (s: Session) => setContext(KEY, s);
export const getSessionContext = () => getContext<Session>(KEY);
