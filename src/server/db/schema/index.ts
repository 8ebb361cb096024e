export * from './reference.ts';
export * from './users.ts';
export * from './system.ts';
