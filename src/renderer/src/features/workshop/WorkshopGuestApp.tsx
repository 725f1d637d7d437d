import { useEffect } from 'react';
import { useIdentity } from '../../store/identityStore';
import { useWorkshop } from '../../store/workshopStore';
import { EditorView } from '../app/EditorView';
import { ExitScreen } from './ExitScreen';
import { JoinForm } from './JoinForm';

/**
 * A participant's or observer's whole app: the join form until they have said who they are, then
 * the workshop's process in the room's restricted editor, and a plain page once they are out.
 */
export function WorkshopGuestApp(): React.JSX.Element {
  const whoami = useWorkshop((state) => state.whoami);
  const exit = useWorkshop((state) => state.exit);
  const participant = whoami?.participant ?? null;
  // Whoever acts in the room is the person who joined (the host stamps it on every call anyway).
  useEffect(() => {
    if (participant) useIdentity.setState({ editor: { name: participant.name, departmentId: participant.departmentId }, loaded: true });
  }, [participant]);
  if (exit) return <ExitScreen kind={exit} />;
  if (!whoami?.workshop) return <ExitScreen kind="ended" />;
  if (whoami.needsProfile || !whoami.participant) return <JoinForm whoami={whoami} />;
  return <EditorView processId={whoami.workshop.processId} onClose={() => undefined} />;
}
