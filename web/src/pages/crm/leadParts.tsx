import { Popover, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadStatus, ScoreFactor } from '../../api/types';
import { StatusTag, type Tone } from '../../components/StatusTag';

export const leadStatuses: LeadStatus[] = ['new', 'contacted', 'qualified', 'disqualified', 'converted'];
export const leadSources: Lead['source'][] = ['web_form', 'import', 'campaign', 'manual', 'api'];

const statusTone: Record<LeadStatus, Tone> = { new: 'blue', contacted: 'gold', qualified: 'green', disqualified: 'grey', converted: 'green' };

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return <StatusTag tone={statusTone[status]}>{t(`crm.leads.statuses.${status}`)}</StatusTag>;
}

/** leadName is how a lead is called: the person, else the company. */
export function leadName(l: Pick<Lead, 'first_name' | 'last_name' | 'company_name'>): string {
  return `${l.first_name} ${l.last_name}`.trim() || l.company_name;
}

function scoreTone(score: number): Tone {
  if (score >= 60) return 'green';
  if (score >= 30) return 'gold';
  return 'grey';
}

/** ScoreFactors is the explanation of a lead's score: every rule that gave points. */
export function ScoreFactors({ factors }: { factors: ScoreFactor[] }) {
  const { t } = useTranslation();
  if (!factors.length) return <Typography.Text>{t('crm.leads.noFactors')}</Typography.Text>;
  return (
    <Table<ScoreFactor>
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={factors}
      columns={[
        { title: t('crm.leads.score'), dataIndex: 'group', render: (g: string) => t(`crm.leads.${g === 'fit' ? 'fit' : 'engagement'}`) },
        { title: t('common.name'), dataIndex: 'code', render: (c: string, f) => <span title={f.detail}>{t(`crm.leads.factors.${c.replace('.', '_')}`, { defaultValue: c })}</span> },
        { title: '', dataIndex: 'detail' },
        { title: '', dataIndex: 'points', align: 'right', render: (p: number) => t('crm.leads.points', { points: p }) },
      ]}
    />
  );
}

/** LeadScore shows a lead's score; hovering or focusing it explains it. */
export function LeadScore({ lead }: { lead: Pick<Lead, 'score' | 'score_factors'> }) {
  const { t } = useTranslation();
  return (
    <Popover title={t('crm.leads.scoreExplained', { score: lead.score })} content={<div style={{ maxWidth: 520 }}><ScoreFactors factors={lead.score_factors ?? []} /></div>}>
      <Space>
        <button type="button" aria-label={t('crm.leads.scoreExplained', { score: lead.score })} style={{ all: 'unset', cursor: 'help' }}>
          <StatusTag tone={scoreTone(lead.score)}>{lead.score}</StatusTag>
        </button>
      </Space>
    </Popover>
  );
}
