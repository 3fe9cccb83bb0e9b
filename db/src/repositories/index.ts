// Hot-path repositories of the dispatcher's loop (issue 15): SQL text lives here, services call these.
export * from './events.ts';
export * from './incidents.ts';
export * from './recommendations.ts';
export * from './assignments.ts';
