import type { TextEncodingChoice } from '../../../../shared/io/decode';
import { MAX_IMPORT_BYTES } from '../../../../shared/io/decode';
import { PRESET_LABELS } from '../../../../shared/io/mapping';
import type { FileFacts, PickedFile } from './ioJobs';

const ENCODINGS: Array<{ value: TextEncodingChoice; label: string }> = [
  { value: 'auto', label: 'Detect (byte-order mark, else UTF-8, else Windows-1252)' },
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'utf-16le', label: 'UTF-16 LE (Excel “Unicode text”)' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  { value: 'windows-1252', label: 'Windows-1252 (Excel CSV on Western Windows)' },
];

const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

interface FilesStepProps {
  picked: PickedFile[];
  files: FileFacts[] | null;
  encoding: TextEncodingChoice;
  onEncoding: (encoding: TextEncodingChoice) => void;
  onPick: (files: FileList) => void;
}

/** Step 1: pick one or more exports; shows what each was recognised as. */
export function FilesStep({ picked, files, encoding, onEncoding, onPick }: FilesStepProps): React.JSX.Element {
  return (
    <section aria-label="Files">
      <p>
        Choose the CRM’s field list — several files together when they belong together: a Salesforce <em>describe</em> JSON with
        its <em>Path</em> JSON and field-usage CSV; HubSpot properties JSON with the stage-requirements CSV; Pipedrive{' '}
        <code>dealFields</code>; or any CSV you map by hand. Up to {Math.round(MAX_IMPORT_BYTES / (1024 * 1024))} MiB per file.
      </p>
      <label className="button-like file-pick">
        Choose files…
        <input
          type="file"
          multiple
          accept=".csv,.tsv,.txt,.json,text/csv,application/json"
          className="visually-hidden"
          data-testid="import-files"
          onChange={(event) => {
            if (event.target.files && event.target.files.length > 0) onPick(event.target.files);
            event.target.value = '';
          }}
        />
      </label>
      <label className="inline-select">
        Text encoding
        <select value={encoding} onChange={(event) => onEncoding(event.target.value as TextEncodingChoice)}>
          {ENCODINGS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      {picked.length === 0 ? (
        <p className="empty-state">No file chosen yet.</p>
      ) : (
        <table className="wizard-table" aria-label="Chosen files">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Recognised as</th>
              <th scope="col">Encoding</th>
              <th scope="col" className="num">
                Fields
              </th>
            </tr>
          </thead>
          <tbody>
            {picked.map((file) => {
              const facts = files?.find((item) => item.name === file.name);
              return (
                <tr key={file.name}>
                  <th scope="row">
                    {file.name} <span className="muted">({formatSize(file.bytes.length)})</span>
                  </th>
                  <td>{facts?.source ? PRESET_LABELS[facts.source.preset] : facts?.preview ? 'CSV — map its columns next' : facts?.error ? 'Could not be read' : '…'}</td>
                  <td>
                    {facts?.encoding ? ENCODING_NAMES[facts.encoding] : '…'}
                    {facts?.hadBom ? ' with BOM' : ''}
                  </td>
                  <td className="num">{facts?.source ? facts.source.fields.length : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
