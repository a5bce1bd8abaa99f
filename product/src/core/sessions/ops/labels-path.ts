// Where pins and tags live; its own module so a caller can check for the file without loading
// the labels schema.
import path from 'node:path';

export const labelsPath = (codexHome: string) => path.join(codexHome, 'csm', 'labels.jsonl');
