/** A legend in HTML under a canvas chart: the canvas's own legend only shows on hover. */
export function ChartLegend({
  items,
}: {
  items: { label: string; color: string; kind: 'line' | 'dashed' | 'marker' | 'dot' }[];
}) {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden="true">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          {item.kind === 'dot' ? (
            <span
              className="inline-block h-2.5 w-2.5 rounded-full border-2 bg-white"
              style={{ borderColor: item.color }}
            />
          ) : item.kind === 'marker' ? (
            <span
              className="inline-block h-3 w-0 border-l-2 border-dashed"
              style={{ borderColor: item.color }}
            />
          ) : (
            <span
              className={`inline-block w-5 ${item.kind === 'dashed' ? 'border-t-2 border-dashed' : 'border-t-2'}`}
              style={{ borderColor: item.color }}
            />
          )}
          {item.label}
        </li>
      ))}
    </ul>
  );
}
