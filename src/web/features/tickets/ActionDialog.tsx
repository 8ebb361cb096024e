// One dialog per ticket action: the fields the action's body takes, sent with the ticket's version.
// A 409 (someone changed the ticket meanwhile, or its state moved on) shows the server's
// message and reloads the ticket.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, TICKET_TYPES, type TicketAction } from '../../../common/tickets.ts';
import { ApiError, errorDetail, errorMessage } from '../../api/client.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { ACCENT_FREE_SEARCH } from './labels.tsx';
import { actOnTicket, listAgencies, listDomains, listOutOfScope, ticketKeys, type Ticket } from './tickets.api.ts';

type Values = Record<string, unknown>;

function useReference() {
  const domains = useQuery({ queryKey: ['reference', 'domains'], queryFn: ({ signal }) => listDomains(signal), staleTime: Infinity });
  const outOfScope = useQuery({ queryKey: ['reference', 'out-of-scope'], queryFn: ({ signal }) => listOutOfScope(signal), staleTime: Infinity });
  const agencies = useQuery({ queryKey: ['reference', 'agencies'], queryFn: ({ signal }) => listAgencies(signal), staleTime: Infinity });
  return { domains, outOfScope, agencies };
}

/** Drops empty optional fields, so the server's schema sees only what was given. */
function clean(values: Values): Values {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0)),
  );
}

export function ActionDialog({ ticket, action, onClose }: { ticket: Ticket; action: TicketAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const language = currentLanguage();
  const [form] = Form.useForm<Values>();
  const ref = useReference();
  const reason = Form.useWatch('reason', form) as string | undefined;

  const act = useMutation({
    mutationFn: (values: Values) => {
      let body = clean(values);
      // Approving the answer as submitted: send no text, the server keeps the agency's.
      if (action === 'approve' && body.answer === (ticket.answer ?? ticket.answerDraft)) body = {};
      if (action === 'submit-answer' && body.answer === ticket.answerDraft) body = {};
      if (action === 'reject' && body.reason !== 'out_of_scope') delete body.outOfScopeCode;
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

  const required = { required: true, whitespace: true, message: t('tickets.actions.required') };
  const area = (rows = 4) => <Input.TextArea autoSize={{ minRows: rows, maxRows: 14 }} />;
  const agencyOptions = (ref.agencies.data ?? []).map((unit) => ({ value: unit.code, label: unit.name }));

  let fields: ReactNode;
  let initialValues: Values = {};
  switch (action) {
    case 'classify':
      initialValues = { type: ticket.type, domainCode: ticket.domainCode ?? undefined, priority: ticket.priority, title: ticket.title };
      fields = (
        <>
          <Form.Item name="type" label={t('tickets.fields.type')}>
            <Radio.Group optionType="button" options={TICKET_TYPES.map((value) => ({ value, label: t(`tickets.type.${value}`) }))} />
          </Form.Item>
          <Form.Item name="domainCode" label={t('tickets.fields.domain')}>
            <Select
              showSearch={ACCENT_FREE_SEARCH}
              options={(ref.domains.data ?? []).map((d) => ({ value: d.code, label: language === 'en' ? d.nameEn : d.name }))}
            />
          </Form.Item>
          <Form.Item name="priority" label={t('tickets.fields.priority')}>
            <Radio.Group optionType="button" options={PRIORITIES.map((value) => ({ value, label: t(`tickets.priority.${value}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('tickets.fields.title')} rules={[required]}>
            <Input maxLength={300} />
          </Form.Item>
        </>
      );
      break;
    case 'reject':
      initialValues = { reason: 'out_of_scope' };
      fields = (
        <>
          <Form.Item name="reason" label={t('tickets.actions.rejectReason')}>
            <Radio.Group
              options={[
                { value: 'out_of_scope', label: t('tickets.rejectReason.out_of_scope') },
                { value: 'spam', label: t('tickets.rejectReason.spam') },
              ]}
            />
          </Form.Item>
          {reason !== 'spam' && (
            <Form.Item name="outOfScopeCode" label={t('tickets.actions.outOfScope')} rules={[{ required: true, message: t('tickets.actions.required') }]}>
              <Select
                options={(ref.outOfScope.data ?? []).map((item) => ({ value: item.code, label: language === 'en' ? item.nameEn : item.name }))}
              />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('tickets.actions.note')}>
            {area(2)}
          </Form.Item>
        </>
      );
      break;
    case 'answer':
      fields = (
        <Form.Item name="answer" label={t('tickets.actions.answerText')} rules={[required]}>
          {area(6)}
        </Form.Item>
      );
      break;
    case 'forward':
      fields = (
        <>
          <Form.Item name="leadAgencyCode" label={t('tickets.actions.leadAgency')} rules={[{ required: true, message: t('tickets.actions.required') }]}>
            <Select showSearch={ACCENT_FREE_SEARCH} loading={ref.agencies.isPending} options={agencyOptions} />
          </Form.Item>
          <Form.Item name="cooperatingAgencyCodes" label={t('tickets.actions.cooperating')}>
            <Select mode="multiple" showSearch={ACCENT_FREE_SEARCH} options={agencyOptions} />
          </Form.Item>
          <Form.Item name="note" label={t('tickets.actions.note')}>
            {area(2)}
          </Form.Item>
        </>
      );
      break;
    case 'return':
      fields = (
        <Form.Item name="reason" label={t('tickets.actions.returnReason')} rules={[required]}>
          {area(3)}
        </Form.Item>
      );
      break;
    case 'assign':
      fields = (
        <Form.Item
          name="assigneeId"
          label={t('tickets.actions.assigneeId')}
          extra={t('tickets.actions.assigneeHelp')}
          rules={[{ required: true, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message: t('tickets.actions.uuid') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      );
      break;
    case 'request-info':
      fields = (
        <Form.Item name="question" label={t('tickets.actions.question')} rules={[required]}>
          {area(3)}
        </Form.Item>
      );
      break;
    case 'citizen-replied':
      fields = (
        <Form.Item name="reply" label={t('tickets.actions.citizenReply')} rules={[required]}>
          {area(3)}
        </Form.Item>
      );
      break;
    case 'draft-answer':
      initialValues = { draft: ticket.answerDraft ?? '' };
      fields = (
        <Form.Item name="draft" label={t('tickets.actions.draftText')} rules={[required]}>
          {area(6)}
        </Form.Item>
      );
      break;
    case 'submit-answer':
      initialValues = { answer: ticket.answerDraft ?? '' };
      fields = (
        <Form.Item name="answer" label={t('tickets.actions.answerText')} rules={ticket.answerDraft ? [] : [required]}>
          {area(6)}
        </Form.Item>
      );
      break;
    case 'approve':
      initialValues = { answer: ticket.answer ?? ticket.answerDraft ?? '' };
      fields = (
        <Form.Item name="answer" label={t('tickets.actions.approveText')}>
          {area(6)}
        </Form.Item>
      );
      break;
    case 'send-back':
      fields = (
        <Form.Item name="note" label={t('tickets.actions.sendBackNote')} rules={[required]}>
          {area(3)}
        </Form.Item>
      );
      break;
    case 'reply':
      initialValues = { message: ticket.answer ?? '' };
      fields = (
        <Form.Item name="message" label={t('tickets.actions.replyText')}>
          {area(5)}
        </Form.Item>
      );
      break;
    case 'close':
      fields = (
        <Form.Item name="note" label={t('tickets.actions.note')}>
          {area(2)}
        </Form.Item>
      );
      break;
    case 'link-duplicate':
      fields = (
        <Form.Item name="masterCode" label={t('tickets.actions.masterCode')} rules={[{ required: true, pattern: /^[A-Za-z0-9]{1,10}-\d{4}-\d{6}$/, message: t('tickets.actions.codeFormat') }]}>
          <Input placeholder="1022-2026-000123" autoComplete="off" />
        </Form.Item>
      );
      break;
    case 'comment':
      fields = (
        <Form.Item name="note" label={t('tickets.actions.commentText')} rules={[required]}>
          {area(3)}
        </Form.Item>
      );
      break;
    default:
      fields = <Typography.Paragraph>{t('tickets.actions.confirm')}</Typography.Paragraph>;
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
      okButtonProps={{ danger: action === 'reject' || action === 'return' }}
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
