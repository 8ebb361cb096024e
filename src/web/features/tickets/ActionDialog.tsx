// One dialog per ticket action: the fields the action's body takes, sent with the ticket's version.
// Most actions take one text (TEXT_ACTIONS); the others have their fields in ActionFields.tsx.
// A 409 (someone changed the ticket meanwhile, or its state moved on) shows the server's
// message and reloads the ticket.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketAction } from '../../../common/tickets.ts';
import { ApiError, errorDetail, errorMessage } from '../../api/client.ts';
import {
  AssignField,
  ClassifyFields,
  DecideExtensionFields,
  ForwardFields,
  LinkDuplicateField,
  ProgressReportFields,
  RejectFields,
  RequestExtensionFields,
} from './ActionFields.tsx';
import { actOnTicket, ticketKeys, type RoutingSuggestion, type Ticket } from './tickets.api.ts';

type Values = Record<string, unknown>;

/** An action whose form is one text field. */
interface TextAction {
  name: string;
  /** Key under `tickets.actions.` */
  label: string;
  rows: number;
  /** May be left empty (the server keeps or writes its own). */
  optional?: (ticket: Ticket) => boolean;
  initial?: (ticket: Ticket) => string;
}

const TEXT_ACTIONS: Partial<Record<TicketAction, TextAction>> = {
  answer: { name: 'answer', label: 'answerText', rows: 6 },
  return: { name: 'reason', label: 'returnReason', rows: 3 },
  recall: { name: 'reason', label: 'recallReason', rows: 3 },
  'request-info': { name: 'question', label: 'question', rows: 3 },
  'citizen-replied': { name: 'reply', label: 'citizenReply', rows: 3 },
  'draft-answer': { name: 'draft', label: 'draftText', rows: 6, initial: (t) => t.answerDraft ?? '' },
  'submit-answer': { name: 'answer', label: 'answerText', rows: 6, optional: (t) => Boolean(t.answerDraft), initial: (t) => t.answerDraft ?? '' },
  approve: { name: 'answer', label: 'approveText', rows: 6, optional: () => true, initial: (t) => t.answer ?? t.answerDraft ?? '' },
  'send-back': { name: 'note', label: 'sendBackNote', rows: 3 },
  reply: { name: 'message', label: 'replyText', rows: 5, optional: () => true, initial: (t) => t.answer ?? '' },
  close: { name: 'note', label: 'note', rows: 2, optional: () => true },
  comment: { name: 'note', label: 'commentText', rows: 3 },
};

/** Drops empty optional fields, so the server's schema sees only what was given; dates become "YYYY-MM-DD". */
function clean(values: Values): Values {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0))
      .map(([key, value]) => [key, dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : value]),
  );
}

/** What the operator chose among the suggestions shown: its rank (null: another agency) and the codes in order. */
function routingChoice(suggestions: RoutingSuggestion[] | undefined, leadAgencyCode: unknown) {
  if (!suggestions || suggestions.length === 0) return undefined;
  const shown = suggestions.slice(0, 5);
  return { rank: shown.find((item) => item.agencyCode === leadAgencyCode)?.rank ?? null, suggestedCodes: shown.map((item) => item.agencyCode) };
}

export function ActionDialog({ ticket, action, onClose }: { ticket: Ticket; action: TicketAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();

  const act = useMutation({
    mutationFn: (values: Values) => {
      let body = clean(values);
      // Approving the answer as submitted: send no text, the server keeps the agency's.
      if (action === 'approve' && body.answer === (ticket.answer ?? ticket.answerDraft)) body = {};
      if (action === 'submit-answer' && body.answer === ticket.answerDraft) body = {};
      if (action === 'reject' && body.reason !== 'out_of_scope') delete body.outOfScopeCode;
      if (action === 'decide-extension' && body.decision !== 'approve') delete body.dueDate;
      if (action === 'forward') {
        const choice = routingChoice(queryClient.getQueryData<RoutingSuggestion[]>(ticketKeys.suggestions(ticket.code)), body.leadAgencyCode);
        if (choice) body.routingChoice = choice;
      }
      return actOnTicket(ticket, action, body);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(ticketKeys.one(ticket.code), updated);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      void message.success(t('tickets.actions.done', { action: t(`tickets.action.${action}`) }));
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        void message.error({ content: [error.title, errorDetail(error)].filter(Boolean).join(' '), duration: 8 });
        void queryClient.invalidateQueries({ queryKey: ticketKeys.one(ticket.code) });
        onClose();
      }
    },
  });

  let fields: ReactNode;
  let initialValues: Values = {};
  const text = TEXT_ACTIONS[action];
  if (text) {
    initialValues = text.initial ? { [text.name]: text.initial(ticket) } : {};
    const optional = text.optional?.(ticket) ?? false;
    fields = (
      <Form.Item name={text.name} label={t(`tickets.actions.${text.label}` as 'tickets.actions.note')} rules={optional ? [] : [{ required: true, whitespace: true, message: t('tickets.actions.required') }]}>
        <Input.TextArea autoSize={{ minRows: text.rows, maxRows: 14 }} />
      </Form.Item>
    );
  } else {
    switch (action) {
      case 'classify':
        initialValues = { type: ticket.type, domainCode: ticket.domainCode ?? undefined, priority: ticket.priority, title: ticket.title };
        fields = <ClassifyFields />;
        break;
      case 'reject':
        initialValues = { reason: 'out_of_scope' };
        fields = <RejectFields form={form} />;
        break;
      case 'forward':
        fields = <ForwardFields ticket={ticket} form={form} />;
        break;
      case 'assign':
        initialValues = ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {};
        fields = <AssignField ticket={ticket} />;
        break;
      case 'link-duplicate':
        fields = <LinkDuplicateField />;
        break;
      case 'request-extension':
        fields = <RequestExtensionFields ticket={ticket} />;
        break;
      case 'decide-extension':
        initialValues = { decision: 'approve' };
        fields = <DecideExtensionFields ticket={ticket} form={form} />;
        break;
      case 'progress-report':
        fields = <ProgressReportFields />;
        break;
      default:
        fields = <Typography.Paragraph>{t('tickets.actions.confirm')}</Typography.Paragraph>;
    }
  }

  return (
    <Modal
      open
      title={t(`tickets.action.${action}`)}
      okText={t('tickets.actions.ok')}
      cancelText={t('tickets.actions.cancel')}
      confirmLoading={act.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={action === 'forward' ? 720 : undefined}
      okButtonProps={{ danger: action === 'reject' || action === 'return' || action === 'recall' }}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => act.mutate(values)} name={`action-${action}`}>
        {act.isError && !(act.error instanceof ApiError && act.error.status === 409) && (
          <Alert type="error" showIcon title={errorMessage(act.error)} description={errorDetail(act.error)} style={{ marginBottom: 16 }} />
        )}
        {fields}
      </Form>
    </Modal>
  );
}
