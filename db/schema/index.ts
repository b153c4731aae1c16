export * from './enums';
export * from './users';
export * from './customers';
export * from './sales';
export * from './service';
export * from './activities';
export * from './marketing';
export * from './analytics';
