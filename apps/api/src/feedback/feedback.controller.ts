import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { InputPipe, RequiredBodyPipe } from '../http/input-validation';
import { FeedbackResultDoc } from './feedback-result.doc';
import { FeedbackDto } from './feedback.dto';
import { FeedbackResult, RecordFeedback } from './record-feedback.use-case';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('v1/feedback')
export class FeedbackController {
  constructor(private readonly feedback: RecordFeedback) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Helpful / irrelevant nodes of an answer: importance ±1 on the graph (1–10), recorded as a system.feedback event' })
  @ApiBody({ type: FeedbackDto })
  @ApiOkResponse({ type: FeedbackResultDoc })
  @ApiErrors(400, 401, 404, 409, 413, 415, 422, 429, 503)
  record(@Tenant() tenant: string, @Body(RequiredBodyPipe, InputPipe) body: FeedbackDto): Promise<FeedbackResult> {
    return this.feedback.execute(tenant, body);
  }
}
