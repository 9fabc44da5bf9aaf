import { BarChart as EBar } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts of ECharts in use are bundled.
echarts.use([EBar, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export interface Series {
  name: string;
  values: number[];
}

/** BarChart is a grouped bar chart; the figure is labelled for screen readers, and ECharts' aria option describes the data. */
export function BarChart({
  title,
  categories,
  series,
  format,
  height = 260,
}: {
  title: string;
  categories: string[];
  series: Series[];
  format: (n: number) => string;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!);
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => format(Number(v)) },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
      series: series.map((s) => ({ name: s.name, type: 'bar', data: s.values })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series, format]);
  // ECharts labels its own element with a description of the data; the
  // figure around it carries the chart's title.
  return (
    <figure aria-label={title} style={{ margin: 0 }}>
      <div ref={el} style={{ height }} />
    </figure>
  );
}
