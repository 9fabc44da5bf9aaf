import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { onGridKeyDown } from './gridKeys';

function Grid() {
  return (
    <table onKeyDown={onGridKeyDown}>
      <tbody>
        {[1, 2, 3].map((n) => (
          <tr key={n}>
            <td>
              <input aria-label={`product ${n}`} role="combobox" />
            </td>
            <td>
              <input aria-label={`quantity ${n}`} defaultValue={String(n * 10)} />
            </td>
            <td>
              <input aria-label={`price ${n}`} disabled={n === 2} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

describe('onGridKeyDown', () => {
  it('moves up and down a column of inputs and selects the text there', () => {
    render(<Grid />);
    const q1 = screen.getByLabelText('quantity 1');
    q1.focus();
    fireEvent.keyDown(q1, { key: 'ArrowDown' });
    const q2 = screen.getByLabelText('quantity 2') as HTMLInputElement;
    expect(q2).toHaveFocus();
    expect([q2.selectionStart, q2.selectionEnd]).toEqual([0, 2]);
    fireEvent.keyDown(q2, { key: 'ArrowDown' });
    expect(screen.getByLabelText('quantity 3')).toHaveFocus();
    // No line below the last: the focus stays.
    fireEvent.keyDown(screen.getByLabelText('quantity 3'), { key: 'ArrowDown' });
    expect(screen.getByLabelText('quantity 3')).toHaveFocus();
    fireEvent.keyDown(screen.getByLabelText('quantity 3'), { key: 'ArrowUp' });
    expect(q2).toHaveFocus();
  });

  it('leaves pickers, disabled cells and modified arrows alone', () => {
    render(<Grid />);
    const p1 = screen.getByLabelText('product 1');
    p1.focus();
    fireEvent.keyDown(p1, { key: 'ArrowDown' });
    expect(p1).toHaveFocus();
    const price1 = screen.getByLabelText('price 1');
    price1.focus();
    fireEvent.keyDown(price1, { key: 'ArrowDown' });
    expect(price1).toHaveFocus();
    const q1 = screen.getByLabelText('quantity 1');
    q1.focus();
    fireEvent.keyDown(q1, { key: 'ArrowDown', shiftKey: true });
    expect(q1).toHaveFocus();
  });
});
