import { importanceOf } from './importance';

describe('importanceOf', () => {
  const text = 'a plain note';

  it('lets the producer hint win over every rule, rounded and clamped', () => {
    expect(importanceOf({ event_type: 'system.tick', status: 'failed', importance_hint: 2 }, { text: 'fatal error', entityCount: 9 })).toBe(2);
    expect(importanceOf({ event_type: 'user.message', importance_hint: 9 })).toBe(9);
    expect(importanceOf({ event_type: 'user.message', importance_hint: 7.6 })).toBe(8);
    expect(importanceOf({ event_type: 'user.message', importance_hint: 42 })).toBe(10);
    expect(importanceOf({ event_type: 'user.message', importance_hint: 0 })).toBe(1);
  });

  it('starts from the event_type namespace: user > agent > tool > other > system', () => {
    expect(importanceOf({ event_type: 'user.message' }, { text })).toBe(6);
    expect(importanceOf({ event_type: 'agent.invoke' }, { text })).toBe(5);
    expect(importanceOf({ event_type: 'tool.execute' }, { text })).toBe(4);
    expect(importanceOf({ event_type: 'memory.write' }, { text })).toBe(4);
    expect(importanceOf({ event_type: 'system.heartbeat' }, { text })).toBe(2);
  });

  it('raises failures and timeouts a lot, and no other status', () => {
    expect(importanceOf({ event_type: 'tool.execute', status: 'failed' }, { text })).toBe(7);
    expect(importanceOf({ event_type: 'tool.execute', status: 'timeout' }, { text })).toBe(7);
    for (const status of ['pending', 'running', 'completed']) {
      expect(importanceOf({ event_type: 'tool.execute', status }, { text })).toBe(4);
    }
  });

  it('adds 1 for one or two entities and 2 from three on', () => {
    expect(importanceOf({ event_type: 'agent.invoke' }, { text, entityCount: 1 })).toBe(6);
    expect(importanceOf({ event_type: 'agent.invoke' }, { text, entityCount: 2 })).toBe(6);
    expect(importanceOf({ event_type: 'agent.invoke' }, { text, entityCount: 3 })).toBe(7);
  });

  it('reads payload signals: error words, long text, no text', () => {
    expect(importanceOf({ event_type: 'agent.invoke' }, { text: 'Unhandled exception in step 3' })).toBe(7);
    expect(importanceOf({ event_type: 'agent.invoke' }, { text: 'the request timed out' })).toBe(7);
    expect(importanceOf({ event_type: 'agent.invoke' }, { text: 'no terror here' })).toBe(5);
    expect(importanceOf({ event_type: 'agent.invoke' }, { text: 'z'.repeat(1000) })).toBe(6);
    expect(importanceOf({ event_type: 'agent.invoke' }, { text: '   ' })).toBe(4);
    expect(importanceOf({ event_type: 'agent.invoke' })).toBe(4);
  });

  it('clamps to 1–10', () => {
    const worst = { text: `Traceback: fatal error ${'x'.repeat(1000)}`, entityCount: 5 };
    expect(importanceOf({ event_type: 'user.message', status: 'failed' }, worst)).toBe(10);
    expect(importanceOf({ event_type: 'system.heartbeat' })).toBe(1);
  });

  it('always yields an integer in 1–10', () => {
    for (const event_type of ['user.a', 'agent.a', 'tool.a', 'system.a', 'x.a']) {
      for (const status of [undefined, 'failed']) {
        for (const entityCount of [0, 1, 3]) {
          for (const signalText of [undefined, 'error', 'q'.repeat(2000)]) {
            const score = importanceOf({ event_type, status }, { entityCount, text: signalText });
            expect(Number.isInteger(score) && score >= 1 && score <= 10).toBe(true);
          }
        }
      }
    }
  });
});
