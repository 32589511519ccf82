import config from '@stowage/eslint-config/base';

export default [{ ignores: ['results/**'] }, ...config];
