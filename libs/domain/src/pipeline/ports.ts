import { StoredEvent } from '../events/event';
import { PartitionRef } from '../scoping/partition';

/** Reads stored event documents of one partition; null where a document is gone (past retention). */
export interface StoredEventReader {
  storedEvents(scope: PartitionRef, ids: string[]): Promise<(StoredEvent | null)[]>;
}

/** Hands event ids to the next stage by appending them to a stage stream of the partition. */
export interface StageOutput {
  append(scope: PartitionRef, stream: string, eventIds: string[]): Promise<void>;
}
