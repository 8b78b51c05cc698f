import { Module } from '@nestjs/common';
import { QueryController } from './query.controller';
import { QuerySubgraph } from './query-subgraph.use-case';
import { retrievalPortsProvider } from './retrieval-ports.provider';

@Module({ controllers: [QueryController], providers: [retrievalPortsProvider, QuerySubgraph] })
export class QueryModule {}
