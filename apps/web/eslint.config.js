import config from '@stowage/eslint-config/next';

export default config;
