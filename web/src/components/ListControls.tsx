import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Space, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { download } from '../api/client';
import { errorMessage } from './errors';
import { ColumnChooser, ListViews } from './ListViews';
import type { ListControlsState } from './useListControls';

/**
 * ListControls is the bar beside a list's filters: saved views, the column
 * chooser and the export menu.
 */
export function ListControls<T>({
  list,
  controls,
  columns,
}: {
  list: string;
  controls: Pick<ListControlsState, 'view' | 'apply' | 'hidden' | 'setHidden' | 'exportUrl'>;
  columns: (TableColumnType<T> & { key: string })[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const exportAs = (format: 'csv' | 'xlsx') =>
    download(controls.exportUrl(format), '*/*', `${list}.${format}`).catch((e) => message.error(errorMessage(t, e)));
  return (
    <Space wrap>
      <ListViews list={list} state={controls.view} onApply={controls.apply} />
      <ColumnChooser columns={columns.map((c) => ({ key: c.key, title: String(c.title) }))} hidden={controls.hidden} onChange={controls.setHidden} />
      {/* Opened by a click, not hover: a tablet has no hover, and a
          tooltip left over a column header cannot cover it. */}
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'csv', label: t('list.csvFile'), onClick: () => void exportAs('csv') },
            { key: 'xlsx', label: t('list.xlsxFile'), onClick: () => void exportAs('xlsx') },
          ],
        }}
      >
        <Button icon={<DownloadOutlined />}>{t('list.export')}</Button>
      </Dropdown>
    </Space>
  );
}
