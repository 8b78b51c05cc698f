import { eventText } from '../projection/event-text';
import { eventEmbeddingText } from './event-text';

describe('eventEmbeddingText', () => {
  const payload = { text: 'Deploy the pipeline', output: { ok: false }, other: 'ignored' };

  it('puts event type and tool name before the payload text that projection stores', () => {
    const text = eventEmbeddingText({ event_type: 'tool.execute', tool_name: 'deploy', payload });
    expect(text).toBe(`tool.execute\ndeploy\n${eventText(payload)}`);
    expect(text).toBe('tool.execute\ndeploy\nDeploy the pipeline\n{"ok":false}');
  });

  it('reads the fields text, content, message, input, output in that order', () => {
    const all = { output: 'o', input: 'i', message: 'm', content: 'c', text: 't' };
    expect(eventEmbeddingText({ event_type: 'agent.step', payload: all })).toBe('agent.step\nt\nc\nm\ni\no');
  });

  it('reads an Event node’s text when there is no payload, and yields the same as from the payload', () => {
    const node = { event_type: 'tool.execute', tool_name: 'deploy', text: eventText(payload) };
    expect(eventEmbeddingText(node)).toBe(eventEmbeddingText({ event_type: 'tool.execute', tool_name: 'deploy', payload }));
  });

  it('is only the type when the event carries no text', () => {
    expect(eventEmbeddingText({ event_type: 'system.tick', tool_name: ' ', payload: { n: 1 } })).toBe('system.tick');
  });

  it('is bounded as a whole, keeping type and tool', () => {
    const text = eventEmbeddingText({ event_type: 'user.message', tool_name: 't', payload: { text: 'x'.repeat(10_000) } }, 100);
    expect(text).toHaveLength(100);
    expect(text.startsWith('user.message\nt\nxxx')).toBe(true);
    expect(eventEmbeddingText({ event_type: 'user.message', payload: { text: 'y'.repeat(10_000) } })).toHaveLength(4000);
  });
});
