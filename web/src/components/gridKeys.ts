import type { KeyboardEvent } from 'react';

/**
 * onGridKeyDown makes a table of inputs (an order's lines) a grid for the
 * keyboard: ArrowUp and ArrowDown move to the same column of the line above
 * or below and select its text, as in a spreadsheet. Tab still moves along
 * a line. Pickers (comboboxes) keep the arrows for their options.
 */
export function onGridKeyDown(e: KeyboardEvent<HTMLElement>) {
  if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const input = e.target as HTMLElement;
  if (!(input instanceof HTMLInputElement) || input.getAttribute('role') === 'combobox') return;
  const cell = input.closest('td');
  const row = cell?.closest('tr');
  if (!cell || !row) return;
  const next = e.key === 'ArrowUp' ? row.previousElementSibling : row.nextElementSibling;
  const target = next?.children[cell.cellIndex]?.querySelector<HTMLInputElement>('input:not([disabled])');
  if (!target) return;
  e.preventDefault();
  target.focus();
  target.select();
}
