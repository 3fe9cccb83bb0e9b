export * from './geography.ts';
export * from './resources.ts';
export * from './people.ts';
export * from './incidents.ts';
export * from './roads.ts';
export * from './outreach.ts';
export * from './telephony.ts';
