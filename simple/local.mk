# simple/ part of the build (included by Makefile.am)
# Wire codecs (pure): PIDF + extensions, OMA pres-content, watcherinfo, resource-lists.
libiwfpure_a_SOURCES += simple/pidf.h simple/pidf_xml.h simple/pidf_xml.c \
	simple/pidf_model.c simple/pidf_parse.c simple/pidf_build.c
