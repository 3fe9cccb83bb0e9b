export * from './common.ts';
export * from './views.ts';
export * from './api.ts';
export * from './auth.ts';
