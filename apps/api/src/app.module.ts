import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { ContextModule } from './context/context.module';
import { EntitiesModule } from './entities/entities.module';
import { QueryModule } from './query/query.module';
import { FeedbackModule } from './feedback/feedback.module';
import { LineageModule } from './lineage/lineage.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { ApiRuntime, InfraModule } from './infra/infra.module';
import { MetricsModule } from './metrics/metrics.module';
import { SessionsModule } from './sessions/sessions.module';

@Module({})
export class AppModule {
  static register(runtime: ApiRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [InfraModule.register(runtime), EventsModule, SessionsModule, ContextModule, AdminModule, HealthModule, MetricsModule, EntitiesModule, QueryModule, LineageModule, FeedbackModule],
    };
  }
}
