export function ChartLoading({ height }: { height: number }) {
  return <div className="animate-pulse rounded-md bg-slate-100" style={{ height }} />;
}
