export * from './activities';
export * from './analytics';
export * from './customers';
export * from './enums';
export * from './marketing';
export * from './sales';
export * from './service';
export * from './users';
