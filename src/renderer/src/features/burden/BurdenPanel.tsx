/** Placeholder until the burden engines land: replaced by the admin-burden panel. */
export function BurdenPanel(): React.JSX.Element {
  return <p className="muted">The admin-burden simulation is being wired in.</p>;
}
