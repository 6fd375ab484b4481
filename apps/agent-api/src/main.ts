/**
 * `node apps/agent-api/src/main.ts`: the Agent API as its own process, configured by this process's
 * environment. In local mode `npm start` may host it in one process with the other services
 * instead, each with its own environment object (see `startAgentApiService`).
 */
import { runService } from '@lifeosai/http-kit';
import { startAgentApiService } from './service.ts';

runService('Agent API', () => startAgentApiService(process.env));
