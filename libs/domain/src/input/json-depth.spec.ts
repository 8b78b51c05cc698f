import { jsonDepthError, MAX_JSON_DEPTH } from './json-depth';

/** `{"a": {"a": … 1 …}}` with `levels` objects, built without recursion. */
function nested(levels: number, key = 'a'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { [key]: value };
  return value;
}

describe('jsonDepthError', () => {
  it('takes documents up to 64 levels deep, scalars and empty containers included', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    for (const document of [nested(64), 'text', 7, null, {}, [], { payload: nested(63) }, [[[]]]]) expect(jsonDepthError(document)).toBeNull();
  });

  it('refuses the 65th level, naming the start of its path', () => {
    expect(jsonDepthError(nested(65))).toEqual({ field: 'a.a.a.a.a…', message: 'is nested deeper than 64 levels' });
    expect(jsonDepthError({ events: [{ event_id: 'x' }, { payload: nested(62) }] })).toEqual({ field: 'events[1].payload.a.a…', message: 'is nested deeper than 64 levels' });
  });

  it('names the first too-deep value in document order, and short paths whole', () => {
    expect(jsonDepthError({ fine: 1, first: nested(3, 'x'), second: nested(3, 'y') }, 3)).toEqual({ field: 'first.x.x', message: 'is nested deeper than 3 levels' });
    expect(jsonDepthError([[[1]]], 2)).toEqual({ field: 'body[0][0]', message: 'is nested deeper than 2 levels' });
  });

  it('walks a document far deeper than the call stack allows', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepthError(deep)?.field).toBe('body[0][0][0][0][0]…');
  });
});
