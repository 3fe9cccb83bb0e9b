export * from './common.ts';
export * from './views.ts';
export * from './api.ts';
export * from './coverage.ts';
export * from './analytics.ts';
export * from './auth.ts';
export * from './map.ts';
export * from './outreach.ts';
