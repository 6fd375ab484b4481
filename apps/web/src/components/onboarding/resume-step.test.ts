import { describe, expect, it } from 'vitest';
import { resumeStep } from './resume-step.ts';

describe('where onboarding resumes', () => {
  it('starts at the organization with nothing to go on', () => {
    expect(resumeStep({ providersConfigured: false, saved: null })).toBe('org');
  });

  it('goes to the agent step once a provider is configured, whatever the browser remembers', () => {
    expect(resumeStep({ providersConfigured: true, saved: null })).toBe('agent');
    expect(resumeStep({ providersConfigured: true, saved: 'org' })).toBe('agent');
  });

  it('keeps the step this browser reached when the server cannot tell', () => {
    expect(resumeStep({ providersConfigured: false, saved: 'provider' })).toBe('provider');
    expect(resumeStep({ providersConfigured: false, saved: 'agent' })).toBe('agent');
  });

  it('ignores a remembered value that is not a step', () => {
    expect(resumeStep({ providersConfigured: false, saved: 'launch' })).toBe('org');
  });
});
