import { z } from 'zod';
import { ROLES } from './access';
import { AGENT_SCOPES } from './agent-tokens';

export const role = z.enum(ROLES);
export const agentScope = z.enum(AGENT_SCOPES);
