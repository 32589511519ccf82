import type { NextConfig } from 'next';

const config: NextConfig = {
  transpilePackages: ['@stowage/api', '@stowage/auth', '@stowage/core', '@stowage/db', '@stowage/engine', '@stowage/providers', '@stowage/services'],
  serverExternalPackages: ['better-sqlite3', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
