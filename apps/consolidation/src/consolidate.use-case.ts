import {
  AgentScope, chronological, Clock, CoveredSource, eventSource, forgetScope, ForgettingPolicy, ForgettingReport, ForgettingStore, GraphStore,
  sealedEpisodes, LedgerRetentionStore, LockLease, PartitionRef, planEpisodes, planSummary, PROJECTED_STREAM, ReflectionAccumulator,
  reflectionDue, ScopeLock, StageDefinition, StageOutput, Summarizer, summaryId, SummarySource, SummaryNode, summaryNode, SummaryPlan, summarySource,
  SummaryStore, TrimmedStream,
} from '@cg/domain';

export interface ConsolidationSettings {
  /** Summed importance since the last reflection above which a scope is consolidated (SPEC §6). */
  reflectionThreshold: number;
  /** A pause longer than this between two events of a session starts a new episode. */
  episodeGapMs: number;
  /** Expiry of the scope lock; renewed every third of it while a pass runs. */
  lockTtlMs: number;
  /** Tiers of forgetting (SPEC §9), applied by scheduled passes. */
  forgetting: ForgettingPolicy;
  /** Stage-stream entries older than this are trimmed (SPEC §4 hot window). */
  streamRetentionMs: number;
  /** Event documents older than this leave the ledger with what recognises their repeats (the ceiling). */
  ledgerRetentionMs: number;
}

/** What consolidation reads and writes: the graph, summaries, counts, the lock, the indexes' feed, forgetting, ledger retention. */
export interface ConsolidationPorts {
  graph: Pick<GraphStore, 'sessionNodeIds' | 'eventNodes' | 'edgesOf'>;
  summaries: SummaryStore;
  accumulator: ReflectionAccumulator;
  lock: ScopeLock;
  /** Written summaries go to the projected stream, so enrichment indexes them like events. */
  output: StageOutput;
  forgetting: ForgettingStore;
  retention: LedgerRetentionStore;
}

/** What a retention run did to one partition. */
export interface RetentionResult {
  streams: TrimmedStream[];
  documentsExpired: number;
}

/** What started a pass: the reflection trigger or the schedule. */
export type PassTrigger = 'reflection' | 'schedule';

export interface PassOptions {
  /**
   * Re-plan every session of the scope, not only those with events no summary covers yet (what a
   * reconsolidation asks for; unchanged sessions still write nothing).
   */
  everySession?: boolean;
}

export interface PassResult {
  scope: AgentScope;
  /** done; locked: another replica is consolidating the scope; lock-lost: the lease ran out mid-pass (nothing more written). */
  outcome: 'done' | 'locked' | 'lock-lost';
  sessions: number;
  written: number;
  unchanged: number;
  /** What forgetting did after the summaries (scheduled passes only). */
  forgotten?: ForgettingReport;
}

export interface CountResult {
  /** Agent scopes whose importance since their last reflection now exceeds the threshold. */
  due: AgentScope[];
  /** Ids with no Event node: nothing to count. */
  missing: string[];
}

export const CONSOLIDATION_LOCK = 'consolidation';

class LockLost extends Error {}

/**
 * Stage 3 (SPEC §6, §9): counts enriched events toward each agent scope's reflection and, under the
 * scope's lock, folds detail into summaries: per session, its events → episodes → one summary each,
 * then the session summary over its episode summaries, then the agent summary over its session
 * summaries. Each summary is rewritten only when what it covers changed (ids and texts), so a pass
 * over unchanged input writes nothing and asks the summarizer for nothing.
 */
export class ConsolidateUseCase {
  private readonly graph: ConsolidationPorts['graph'];
  private readonly summaries: SummaryStore;
  private readonly accumulator: ReflectionAccumulator;
  private readonly lock: ScopeLock;

  constructor(
    private readonly ports: ConsolidationPorts,
    /** A summarizer per pass (each pass gets its own LLM token budget). */
    private readonly summarizerForPass: () => Summarizer,
    private readonly clock: Clock,
    private readonly settings: ConsolidationSettings,
  ) {
    ({ graph: this.graph, summaries: this.summaries, accumulator: this.accumulator, lock: this.lock } = ports);
  }

  /** Counts a batch of enriched event ids (each id once, ever so often delivered); says which scopes are due. */
  async count(partition: PartitionRef, eventIds: string[]): Promise<CountResult> {
    const ids = [...new Set(eventIds)];
    const nodes = await this.graph.eventNodes(partition, ids);
    const found = new Set(nodes.map((n) => n.id));
    const byAgent = new Map<string, typeof nodes>();
    for (const node of nodes) {
      const list = byAgent.get(node.agent_id);
      if (list) list.push(node);
      else byAgent.set(node.agent_id, [node]);
    }
    const due: AgentScope[] = [];
    for (const [agentId, events] of [...byAgent].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const scope: AgentScope = { ...partition, agentId };
      const state = await this.accumulator.add(scope, events.map((e) => ({ id: e.id, sessionId: e.session_id, importance: e.importance_score ?? 0 })));
      if (reflectionDue(state.sum, this.settings.reflectionThreshold)) due.push(scope);
    }
    return { due, missing: ids.filter((id) => !found.has(id)) };
  }

  /**
   * One consolidation pass over an agent scope, unless another replica holds its lock: the sessions
   * with events no summary covers yet (every session with `everySession`), then the agent summary.
   * A scheduled pass then forgets (SPEC §9): pruning reads the whole aged scope, too much for every
   * reflection.
   */
  async consolidate(scope: AgentScope, trigger: PassTrigger, options: PassOptions = {}): Promise<PassResult> {
    const result: PassResult = { scope, outcome: 'done', sessions: 0, written: 0, unchanged: 0 };
    const lease = await this.lock.acquire(scope, CONSOLIDATION_LOCK, this.settings.lockTtlMs);
    if (!lease) return { ...result, outcome: 'locked' };
    let lost = false;
    const renewal = setInterval(() => {
      this.lock.renew(scope, lease, this.settings.lockTtlMs).then((held) => { if (!held) lost = true; }, () => undefined);
    }, Math.max(100, Math.floor(this.settings.lockTtlMs / 3)));
    try {
      // Read under the lock: the previous holder has completed (or not) by now.
      const seen = await this.accumulator.state(scope);
      const dirty = await this.accumulator.dirtySessions(scope);
      const sessions = options.everySession
        ? [...new Set([...(await this.accumulator.sessions(scope)), ...dirty.keys()])].sort()
        : [...dirty.keys()].sort();
      const summarizer = this.summarizerForPass();
      const written: string[] = [];
      const write = async (node: SummaryNode, sources: string[]) => {
        if (lost) throw new LockLost();
        const outcome = await this.summaries.write(scope, node, sources, lease);
        if (outcome === 'lock-lost') throw new LockLost();
        result[outcome === 'written' ? 'written' : 'unchanged']++;
        if (outcome === 'written') written.push(node.id);
      };
      const ctx = { scope, summarizer, write, lease };
      for (const sessionId of sessions) {
        await this.consolidateSession(ctx, sessionId);
        result.sessions++;
      }
      // The agent summary spans the whole scope: refreshed by the schedule, not by every reflection.
      if (trigger === 'schedule') await this.consolidateAgent(ctx);
      // Enrichment gives each new text its keywords, entities, vector and index entries.
      if (written.length) await this.ports.output.append(scope, PROJECTED_STREAM, written);
      // Forgetting after the summaries, so whatever it prunes is covered by one (SPEC §9).
      if (trigger === 'schedule') {
        if (lost) throw new LockLost();
        result.forgotten = await forgetScope(this.ports.forgetting, scope, this.clock.now(), this.settings.forgetting);
      }
      for (const sessionId of sessions) {
        const mark = dirty.get(sessionId);
        if (mark !== undefined) await this.accumulator.clearDirty(scope, sessionId, mark);
      }
      if (!(await this.accumulator.complete(scope, seen, lease))) throw new LockLost();
      return result;
    } catch (error) {
      if (error instanceof LockLost) return { ...result, outcome: 'lock-lost' };
      throw error;
    } finally {
      clearInterval(renewal);
      await this.lock.release(scope, lease).catch(() => undefined);
    }
  }

  /**
   * Ledger retention of one partition (SPEC §4): stage streams lose what every reader is done with
   * past the hot window; documents past the ceiling leave, a batch at a time.
   */
  async retain(partition: PartitionRef, stages: StageDefinition[], batch = 1000): Promise<RetentionResult> {
    const now = this.clock.now();
    const streams = await this.ports.retention.trimStreams(partition, stages, now - this.settings.streamRetentionMs);
    let documentsExpired = 0;
    for (;;) {
      const expired = await this.ports.retention.expireDocuments(partition, now - this.settings.ledgerRetentionMs, batch);
      documentsExpired += expired.length;
      if (expired.length < batch) return { streams, documentsExpired };
    }
  }

  /** The session's episodes, each summarized, then the session summary over them. */
  private async consolidateSession(ctx: PassContext, sessionId: string): Promise<void> {
    const { scope } = ctx;
    const ids = await this.graph.sessionNodeIds(scope, sessionId);
    const events = chronological((await this.graph.eventNodes(scope, ids)).filter((e) => e.agent_id === scope.agentId));
    if (!events.length) return;
    // What the session summary covered so far: episodes that lost events to forgetting stay as they are.
    const sessionSummary = summaryId('session', sessionId);
    const previousIds = (await this.graph.edgesOf(scope, [sessionSummary]))
      .filter((e) => e.edge_type === 'SUMMARIZES' && e.source === sessionSummary).map((e) => e.target);
    const { sealed, covered } = sealedEpisodes(await this.summaries.summaries(scope, previousIds), new Set(events.map((e) => e.id)));
    const open = events.filter((e) => !covered.has(e.id));
    const episodeSummaries: SummaryNode[] = [...sealed];
    for (const episode of planEpisodes(open, { gapMs: this.settings.episodeGapMs })) {
      const plan = planSummary({ level: 'episode', scopeId: episode.firstEventId, agentId: scope.agentId, sessionId, sources: episode.events.map(eventSource) });
      episodeSummaries.push(await this.summarize(ctx, plan));
    }
    episodeSummaries.sort((a, b) => a.first_ms - b.first_ms || (a.id < b.id ? -1 : 1));
    const plan = planSummary({ level: 'session', scopeId: sessionId, agentId: scope.agentId, sessionId, sources: episodeSummaries.map(summarySource) });
    await this.summarize(ctx, plan);
  }

  /** The agent summary over every session summary of the scope. */
  private async consolidateAgent(ctx: PassContext): Promise<void> {
    const { scope } = ctx;
    const sessions = await this.accumulator.sessions(scope);
    const sessionSummaries = await this.summaries.summaries(scope, sessions.map((s) => summaryId('session', s)));
    if (!sessionSummaries.length) return;
    await this.summarize(ctx, planSummary({ level: 'agent', scopeId: scope.agentId, agentId: scope.agentId, sources: sessionSummaries.map(summarySource) }));
  }

  /** The stored summary when what it covers is unchanged; else a fresh text, written. */
  private async summarize(ctx: PassContext, plan: SummaryPlan): Promise<SummaryNode> {
    const [stored] = await this.summaries.summaries(ctx.scope, [plan.id]);
    if (stored && stored.sources_digest === plan.digest) {
      await ctx.write(stored, plan.sources.map((s) => s.id)); // a no-op write that still checks the lease
      return stored;
    }
    const text = await ctx.summarizer.summarize({ level: plan.level, sources: plan.sources.map(stripLineage) });
    const node = summaryNode(plan, text, this.clock.now());
    await ctx.write(node, plan.sources.map((s) => s.id));
    return node;
  }
}

interface PassContext {
  scope: AgentScope;
  summarizer: Summarizer;
  lease: LockLease;
  write: (node: SummaryNode, sources: string[]) => Promise<void>;
}

/** The summarizer sees what a source says, not the event ids behind it. */
function stripLineage(source: CoveredSource): SummarySource {
  return { id: source.id, text: source.text, occurredMs: source.occurredMs, kind: source.kind, importance: source.importance };
}
