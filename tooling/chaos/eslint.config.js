import config from '@stowage/eslint-config/base';

export default config;
