import type { DemoAccounts, LoginResult, Me } from '@c120/dispatch-core/contracts';
import { get, post, request } from './http.ts';

/** POST /api/auth/login: the server sets the HttpOnly session cookie; the console never sees the token again. */
export const signIn = (username: string, password: string) =>
  post<LoginResult>('/api/auth/login', { username, password });

export const signOut = () => request<null>('POST', '/api/auth/logout', { body: {} });

/** GET /api/auth/me: who is signed in (401 when nobody). */
export const fetchMe = () => get<Me>('/api/auth/me');

/** The demo accounts (演示账号), listed only when the server runs the demo. */
export const fetchDemoAccounts = () => get<DemoAccounts>('/api/auth/demo-accounts');
