import type { ApiResult, Channel } from '../../shared/api/contract';
import type { Caller } from '../services/live/types';

/** The API as the host calls it: a channel, its raw input, and who asks (default the facilitator). */
export type HostDispatch = (channel: unknown, input: unknown, caller?: Caller) => Promise<ApiResult<Channel>>;
