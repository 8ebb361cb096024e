/** The ticket's vocabulary (DESIGN.md, "The ticket's life"), shared by the server and the web app. */
export const TICKET_STATUSES = [
  'new',
  'forwarded',
  'in_progress',
  'waiting_citizen',
  'answer_submitted',
  'answered',
  'closed',
  'returned',
  'rejected',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** The states a ticket ends in: no stage clock runs in them, and their counts grow with the years. */
export const FINISHED_STATUSES: readonly TicketStatus[] = ['answered', 'closed', 'rejected'];
/** The states a ticket waits in, the queues: they hold the open backlog, not the history. */
export const QUEUE_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((status) => !FINISHED_STATUSES.includes(status));
/** Whether a ticket in this state is finished (answered, closed or rejected). */
export const isFinished = (status: string): boolean => (FINISHED_STATUSES as readonly string[]).includes(status);

export const TICKET_TYPES = ['feedback', 'petition', 'question', 'suggestion'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNELS = ['phone_in', 'phone_out', 'email', 'zalo', 'facebook', 'web', 'app', 'sms', 'walk_in'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Why a ticket was rejected. */
export const REJECT_REASONS = ['out_of_scope', 'spam', 'duplicate'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Every transition, as named in the API path `POST /api/v1/tickets/{code}/{action}`. */
export const TICKET_ACTIONS = [
  'classify',
  'reject',
  'answer',
  'forward',
  'accept',
  'return',
  'recall',
  'assign',
  'request-info',
  'citizen-replied',
  'draft-answer',
  'submit-answer',
  'approve',
  'send-back',
  'reply',
  'close',
  'reopen',
  'link-duplicate',
  'unlink-duplicate',
  'comment',
  'request-extension',
  'decide-extension',
  'progress-report',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];
/** Actions only a citizen takes, through the public API. */
export type CitizenAction = 'rate';

/** Where the lead agency's one extension request stands. */
export const EXTENSION_STATUSES = ['requested', 'approved', 'refused'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/** Vietnamese names of the statuses, for citizens tracking their ticket. */
export const STATUS_LABELS_VI: Record<TicketStatus, string> = {
  new: 'Mới tiếp nhận',
  forwarded: 'Đã chuyển cơ quan xử lý',
  in_progress: 'Cơ quan đang xử lý',
  waiting_citizen: 'Chờ người dân bổ sung thông tin',
  answer_submitted: 'Đang duyệt câu trả lời',
  answered: 'Đã trả lời',
  closed: 'Đã đóng',
  returned: 'Đang chuyển lại cơ quan phù hợp',
  rejected: 'Không thuộc phạm vi / đã từ chối',
};
