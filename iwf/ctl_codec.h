/* iwf/ctl_codec.h: iwfctl's codec commands (parse, translate); pure code, no daemon needed. */
#ifndef IWF_CTL_CODEC_H
#define IWF_CTL_CODEC_H

/*
 * iwfctl parse [--format xml|wbxml|auto] FILE...
 *   Decodes each WV-CSP message and prints it back as canonical XML on stdout.
 * iwfctl translate --to pidf|wv [--entity URI] [--version 1.1|1.2|1.3] FILE
 *   WV-CSP message carrying presence -> PIDF document(s); PIDF -> WV-CSP
 *   PresenceNotification-Request carrying the translated PresenceSubList.
 * argv[0] is the command name. Exit status: 0 all done, 1 bad usage, 2 bad input
 * (`FILE: line N: reason` on stderr).
 */
int ctl_parse(int argc, char **argv);
int ctl_translate(int argc, char **argv);

#endif
