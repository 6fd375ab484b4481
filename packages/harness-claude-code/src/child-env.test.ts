import { describe, expect, it } from 'vitest';
import { buildChildEnv } from './child-env.ts';

describe('buildChildEnv', () => {
  const base = {
    PATH: '/usr/bin',
    LANG: 'en_US.UTF-8',
    TMPDIR: '/tmp',
    SERVICE_SECRET: 'db-password',
    HOME: '/root',
  };

  it('builds the environment from nothing but PATH, locale, temp dir, the run env and credentials', () => {
    const env = buildChildEnv(
      {
        dataDir: '/data/agt_1',
        env: { GITHUB_TOKEN: 'ghp_x', HOME: '/elsewhere' },
        credentials: {
          anthropic: { apiKey: 'sk-ant-1', baseUrl: 'http://127.0.0.1:9' },
          openai: { apiKey: 'sk-o' },
        },
        maxRetries: 0,
      },
      base,
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      LANG: 'en_US.UTF-8',
      TMPDIR: '/tmp',
      GITHUB_TOKEN: 'ghp_x',
      HOME: '/data/agt_1',
      CLAUDE_CONFIG_DIR: '/data/agt_1/claude',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      ENABLE_TOOL_SEARCH: 'false',
      CLAUDE_CODE_MAX_RETRIES: '0',
      CLAUDE_AGENT_SDK_CLIENT_APP: 'lifeosai',
      ANTHROPIC_API_KEY: 'sk-ant-1',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
    });
  });
});
