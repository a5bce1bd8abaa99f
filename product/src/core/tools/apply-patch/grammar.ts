// The grammar we advertise with the freeform `apply_patch` tool, in Lark syntax.
// The model's output is constrained to it; `parse.ts` accepts this language and
// is a little more lenient (surrounding whitespace, a heredoc wrapper).

export const APPLY_PATCH_LARK_GRAMMAR = `start: begin_marker operation+ end_marker
begin_marker: "*** Begin Patch" LF
end_marker: "*** End Patch" LF?

operation: add_file | delete_file | update_file

add_file: "*** Add File: " path LF plus_line+
delete_file: "*** Delete File: " path LF
update_file: "*** Update File: " path LF move_to? hunk_body?

move_to: "*** Move to: " path LF
hunk_body: (at_line | diff_line)+ eof_marker?
at_line: ("@@" | "@@ " /(.+)/) LF
diff_line: ("+" | "-" | " ") /(.*)/ LF
plus_line: "+" /(.*)/ LF
eof_marker: "*** End of File" LF

path: /(.+)/

%import common.LF
`;
