// Deadline policy versions: the list (the one in force marked) and a new version from a
// decision, effective today or later, with the four stage limits.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { dateInputFormat, formatDateTime, TIME_ZONE } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { adminKeys, createDeadlinePolicy, listDeadlinePolicies, type DeadlineLimits, type DeadlinePolicy } from './admin.api.ts';
import { AdminPageHeader, placeFieldErrors } from './shared.tsx';

interface PolicyForm extends DeadlineLimits {
  decision: string;
  effectiveFrom: Dayjs;
  note?: string;
}

const LIMITS = ['triageHours', 'acceptanceHours', 'answerDays', 'reviewHours'] as const;

/** "2026-03-02" → "02/03/2026". */
function localDate(value: string | null): string {
  if (!value) return '—';
  const [y, m, d] = value.split('-');
  return `${d}/${m}/${y}`;
}

/** Today in Vietnam. */
function vietnamToday(): Dayjs {
  return dayjs(dayjs().tz(TIME_ZONE).format('YYYY-MM-DD'));
}

function NewVersionDialog({ current, onClose }: { current: DeadlinePolicy | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PolicyForm>();
  const create = useMutation({
    mutationFn: (values: PolicyForm) =>
      createDeadlinePolicy({
        decision: values.decision.trim(),
        effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
        triageHours: values.triageHours,
        acceptanceHours: values.acceptanceHours,
        answerDays: values.answerDays,
        reviewHours: values.reviewHours,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.deadlinePolicies });
      void message.success(t('admin.deadlines.created'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, ['decision', 'effectiveFrom', ...LIMITS, 'note']),
  });
  const initial: Partial<PolicyForm> = {
    effectiveFrom: vietnamToday(),
    ...(current ? { triageHours: current.triageHours, acceptanceHours: current.acceptanceHours, answerDays: current.answerDays, reviewHours: current.reviewHours } : {}),
  };
  return (
    <Modal
      open
      title={t('admin.deadlines.createTitle')}
      okText={t('admin.deadlines.create')}
      cancelText={t('admin.common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Flex vertical gap="middle">
        <Alert type="info" showIcon title={t('admin.deadlines.createHint')} />
        {create.error && <Alert type="error" showIcon title={errorMessage(create.error)} description={errorDetail(create.error)} />}
        <Form<PolicyForm> form={form} name="policy" layout="vertical" requiredMark={false} initialValues={initial} onFinish={(values) => !create.isPending && create.mutate(values)}>
          <Form.Item name="decision" label={t('admin.deadlines.decision')} extra={t('admin.deadlines.decisionHint')} rules={[{ required: true, whitespace: true, message: t('admin.deadlines.decisionRequired') }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('admin.deadlines.effectiveFrom')} rules={[{ required: true, message: t('admin.deadlines.effectiveFromRequired') }]}>
            <DatePicker format={dateInputFormat(currentLanguage())} disabledDate={(day) => day.isBefore(vietnamToday(), 'day')} style={{ width: 200 }} />
          </Form.Item>
          <Flex wrap gap="middle">
            {LIMITS.map((key) => (
              <Form.Item key={key} name={key} label={t(`admin.deadlines.${key}`)} rules={[{ required: true, message: t('admin.deadlines.limitRequired') }]} style={{ minWidth: 200 }}>
                <InputNumber min={key === 'answerDays' ? 1 : 0.5} max={key === 'answerDays' ? 365 : 2000} precision={key === 'answerDays' ? 0 : 1} step={key === 'answerDays' ? 1 : 0.5} style={{ width: 200 }} />
              </Form.Item>
            ))}
          </Flex>
          <Form.Item name="note" label={t('admin.deadlines.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}

export function DeadlinePoliciesPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  useDocumentTitle(t('nav.deadlines.title'));
  const [creating, setCreating] = useState(false);
  const policies = useQuery({ queryKey: adminKeys.deadlinePolicies, queryFn: ({ signal }) => listDeadlinePolicies(signal) });
  const current = policies.data?.find((policy) => policy.inForce);

  return (
    <Flex vertical gap="middle">
      <AdminPageHeader
        title={t('nav.deadlines.title')}
        description={t('nav.deadlines.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('admin.deadlines.createTitle')}
          </Button>
        }
      />
      {policies.isError && <Alert type="error" showIcon title={errorMessage(policies.error)} />}
      <Table<DeadlinePolicy>
        data-testid="deadline-policies-table"
        rowKey="id"
        size="middle"
        loading={policies.isPending}
        dataSource={policies.data ?? []}
        pagination={false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('admin.common.empty') }}
        columns={[
          {
            title: t('admin.deadlines.decision'),
            dataIndex: 'decision',
            render: (decision: string, policy) => (
              <Flex vertical gap={4}>
                <span>{decision}</span>
                {policy.note && <span style={{ opacity: 0.65 }}>{policy.note}</span>}
              </Flex>
            ),
          },
          {
            title: t('admin.deadlines.period'),
            key: 'period',
            width: 220,
            render: (_: unknown, policy) => (
              <Flex vertical gap={4} align="start">
                <span>{t('admin.deadlines.periodValue', { from: localDate(policy.effectiveFrom), to: policy.effectiveTo ? localDate(policy.effectiveTo) : t('admin.deadlines.openEnded') })}</span>
                {policy.inForce && <Tag color="green">{t('admin.deadlines.inForce')}</Tag>}
              </Flex>
            ),
          },
          ...LIMITS.map((key) => ({ title: t(`admin.deadlines.${key}`), dataIndex: key, width: 130 })),
          { title: t('admin.deadlines.overrides'), dataIndex: 'overrides', width: 110, render: (overrides: unknown[]) => overrides.length },
          { title: t('admin.deadlines.createdAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value, language) },
        ]}
      />
      {creating && <NewVersionDialog current={current} onClose={() => setCreating(false)} />}
    </Flex>
  );
}
