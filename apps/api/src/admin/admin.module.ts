import { Module } from '@nestjs/common';
import { AdminRequests } from './admin-requests.use-case';
import { AdminController } from './admin.controller';
import { PipelineStatus } from './pipeline-status.use-case';

@Module({ controllers: [AdminController], providers: [PipelineStatus, AdminRequests] })
export class AdminModule {}
