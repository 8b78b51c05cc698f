import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { PipelineStatus } from './pipeline-status.use-case';

@Module({ controllers: [AdminController], providers: [PipelineStatus] })
export class AdminModule {}
