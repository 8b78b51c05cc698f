import { Module } from '@nestjs/common';
import { LineageController } from './lineage.controller';
import { lineagePortsProvider } from './lineage-ports.provider';
import { NodeLineage } from './node-lineage.use-case';

@Module({ controllers: [LineageController], providers: [lineagePortsProvider, NodeLineage] })
export class LineageModule {}
