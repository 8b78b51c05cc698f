import { ENTITY_ID_PREFIX } from '@cg/domain';
import { ID_SLOT, PARTITION_LAYOUT, PartitionKeyKind, STREAM_SUFFIXES } from './layout';
import { LUA_KEY_SEGMENT } from './segment';

/**
 * The Lua side of the key layout, generated from layout.ts so a script builds a key exactly as
 * PartitionKeys does: `local K = keysOf(base)` gives one builder per kind asked for (`K.node(id)`,
 * `K.entityEdgesIn(agent, id)`, …), `K.nodeKeys(agent, id)` routes an id as PartitionKeys.nodeKeys
 * does, and `K.typeError({kind, key, …})` names the first key holding another type than the layout says,
 * which a script calls before its first write so it fails whole or not at all.
 */
export function luaKeys(...kinds: PartitionKeyKind[]): string {
  const wanted = new Set<PartitionKeyKind>(kinds);
  const builders = [...wanted].map((kind) => `  K.${kind} = function(${slotNames(kind).join(', ')}) return ${luaPath(kind)} end`);
  const kindTypes = { ...PARTITION_LAYOUT, stageStream: { type: 'stream' }, ...STREAM_SUFFIXES };
  const types = Object.entries(kindTypes).map(([kind, { type }]) => `${kind} = '${type}'`).join(', ');
  return `${LUA_KEY_SEGMENT}
local function keysOf(base)
  local K = {}
${builders.join('\n')}
  if K.node and K.entityNode then
    K.nodeKeys = function(agent, id)
      if string.sub(id, 1, ${ENTITY_ID_PREFIX.length}) == '${ENTITY_ID_PREFIX}' then
        return K.entityNode(agent, id), K.entityEdgesOut(agent, id), K.entityEdgesIn(agent, id)
      end
      return K.node(id), K.edgesOut(id), K.edgesIn(id)
    end
  end
  local TYPES = {${types}}
  K.typeError = function(pairs)
    for i = 1, #pairs, 2 do
      local expected, actual = TYPES[pairs[i]], redis.call('TYPE', pairs[i + 1]).ok
      if actual ~= 'none' and actual ~= expected then
        return 'WRONGTYPE ' .. pairs[i + 1] .. ' holds a ' .. actual .. ' where the layout has a ' .. expected .. ' (' .. pairs[i] .. '): nothing written'
      end
    end
    return nil
  end
  return K
end
`;
}

/** The node trio (Event/Summary and Entity hashes and edges) that `K.nodeKeys` needs. */
export const NODE_KINDS: PartitionKeyKind[] = ['node', 'edgesOut', 'edgesIn', 'entityNode', 'entityEdgesOut', 'entityEdgesIn'];

function slotNames(kind: PartitionKeyKind): string[] {
  return PARTITION_LAYOUT[kind].path.split(':').filter((s) => s === ID_SLOT).map((_, i) => `id${i + 1}`);
}

function luaPath(kind: PartitionKeyKind): string {
  let slot = 0;
  const parts = PARTITION_LAYOUT[kind].path.split(':').map((segment) => (segment === ID_SLOT ? `keySegment(id${++slot})` : `'${segment}'`));
  return ['base', ...parts].join(` .. ':' .. `).replace(/' \.\. ':' \.\. '/g, ':');
}
