export * from './reference.ts';
export * from './users.ts';
export * from './system.ts';
export * from './identity.ts';
export * from './audit.ts';
export * from './tickets.ts';
export * from './deadlines.ts';
export * from './routing.ts';
