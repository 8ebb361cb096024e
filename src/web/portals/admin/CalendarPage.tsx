// The working-time calendar of a year: public holidays, official days off and make-up working
// days (which the deadlines skip or count), with the decision that set each. Add, change, remove.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { dateInputFormat, formatLongDate, vietnamToday } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { deleteCalendarException, EXCEPTION_KINDS, listCalendarExceptions, organizationKeys, setCalendarException, type CalendarException, type ExceptionKind } from './organization.api.ts';
import { AdminPageHeader, placeFieldErrors } from './shared.tsx';

const KIND_COLORS: Record<ExceptionKind, string> = { holiday: 'red', day_off: 'orange', working_day: 'blue' };

interface DayForm {
  date: Dayjs;
  kind: ExceptionKind;
  name: string;
  nameEn?: string;
  source: string;
}

/** A calendar date "YYYY-MM-DD" as its long local name ("thứ sáu, 01/01/2027"). */
const longDate = (date: string, language: 'vi' | 'en') => formatLongDate(`${date}T12:00:00+07:00`, language);

function DayDialog({ day, onClose }: { day: CalendarException | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DayForm>();
  const save = useMutation({
    mutationFn: (values: DayForm) =>
      setCalendarException(values.date.format('YYYY-MM-DD'), {
        kind: values.kind,
        name: values.name.trim(),
        ...(values.nameEn?.trim() ? { nameEn: values.nameEn.trim() } : {}),
        source: values.source.trim(),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organizationKeys.allCalendar });
      void message.success(t('admin.calendar.saved'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, ['date', 'kind', 'name', 'nameEn', 'source']),
  });
  const initial: Partial<DayForm> = day ? { ...day, date: dayjs(day.date) } : { kind: 'day_off' };
  const required = { required: true, whitespace: true, message: t('tickets.actions.required') };
  return (
    <Modal
      open
      title={day ? t('admin.calendar.editTitle') : t('admin.calendar.createTitle')}
      okText={t('admin.common.save')}
      cancelText={t('admin.common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Flex vertical gap="middle">
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} description={errorDetail(save.error)} />}
        <Form<DayForm> form={form} name="calendar-day" layout="vertical" requiredMark={false} initialValues={initial} onFinish={(values) => !save.isPending && save.mutate(values)}>
          <Form.Item name="date" label={t('admin.calendar.date')} rules={[{ required: true, message: t('tickets.actions.required') }]}>
            <DatePicker format={dateInputFormat(currentLanguage())} disabled={day !== null} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="kind" label={t('admin.calendar.kind')} extra={t('admin.calendar.kindHint')}>
            <Radio.Group optionType="button" options={EXCEPTION_KINDS.map((value) => ({ value, label: t(`admin.calendar.kinds.${value}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('admin.calendar.name')} rules={[required]}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.calendar.nameEn')}>
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <Form.Item name="source" label={t('admin.calendar.source')} extra={t('admin.calendar.sourceHint')} rules={[required]}>
            <Input maxLength={500} autoComplete="off" />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}

export function CalendarPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  useDocumentTitle(t('nav.calendar.title'));
  const [year, setYear] = useState(() => Number(vietnamToday().slice(0, 4)));
  const [dialog, setDialog] = useState<{ day: CalendarException | null } | null>(null);
  const days = useQuery({ queryKey: organizationKeys.calendar(year), queryFn: ({ signal }) => listCalendarExceptions(year, signal) });
  const remove = useMutation({
    mutationFn: (day: CalendarException) => deleteCalendarException(day.date),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organizationKeys.allCalendar });
      void message.success(t('admin.calendar.removed'));
    },
    onError: (error) => void message.error([errorMessage(error), errorDetail(error)].filter(Boolean).join(' ')),
  });

  return (
    <Flex vertical gap="middle">
      <AdminPageHeader
        title={t('nav.calendar.title')}
        description={t('nav.calendar.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ day: null })}>
            {t('admin.calendar.createTitle')}
          </Button>
        }
      />
      <Flex align="center" gap="small">
        <label htmlFor="calendar-year">{t('admin.calendar.year')}</label>
        <InputNumber id="calendar-year" min={2000} max={2100} precision={0} value={year} onChange={(value) => value && setYear(value)} style={{ width: 120 }} />
      </Flex>
      {days.isError && <Alert type="error" showIcon title={errorMessage(days.error)} description={errorDetail(days.error)} />}
      <Table<CalendarException>
        data-testid="calendar-table"
        rowKey="date"
        size="middle"
        loading={days.isPending}
        dataSource={days.data ?? []}
        pagination={false}
        scroll={{ x: 1250 }}
        locale={{ emptyText: t('admin.calendar.empty') }}
        columns={[
          { title: t('admin.calendar.date'), dataIndex: 'date', width: 220, render: (date: string) => longDate(date, language) },
          { title: t('admin.calendar.kind'), dataIndex: 'kind', width: 170, render: (kind: ExceptionKind) => <Tag color={KIND_COLORS[kind]}>{t(`admin.calendar.kinds.${kind}`)}</Tag> },
          { title: t('admin.calendar.name'), key: 'name', width: 280, render: (_: unknown, day) => (language === 'en' ? day.nameEn : day.name) },
          { title: t('admin.calendar.source'), dataIndex: 'source', width: 260, ellipsis: true },
          {
            title: t('admin.calendar.origin'),
            dataIndex: 'origin',
            width: 140,
            render: (origin: 'reference' | 'admin') => <Tag>{t(`admin.calendar.origins.${origin}`)}</Tag>,
          },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            width: 160,
            fixed: 'right',
            render: (_: unknown, day) => (
              <Space size={4}>
                <Button size="small" aria-label={t('admin.calendar.editNamed', { date: longDate(day.date, language) })} onClick={() => setDialog({ day })}>
                  {t('admin.common.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  aria-label={t('admin.calendar.removeNamed', { date: longDate(day.date, language) })}
                  onClick={() =>
                    void modal.confirm({
                      title: t('admin.calendar.removeConfirm', { date: longDate(day.date, language), name: day.name }),
                      okText: t('admin.common.yes'),
                      cancelText: t('admin.common.no'),
                      okButtonProps: { danger: true },
                      onOk: () => remove.mutateAsync(day).catch(() => undefined),
                    })
                  }
                >
                  {t('admin.calendar.remove')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {dialog && <DayDialog day={dialog.day} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
