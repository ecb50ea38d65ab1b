"""The MkDocs plugin: a thin adapter that adds the generated pages in memory at build time.

    plugins:
      - search
      - refarch:
          model: architecture
          prefix: arkkitehtuuri

The pages come from toolkit.site.pages, which knows nothing of MkDocs; `refarch site pages -o DIR`
writes the same pages for engines that run no MkDocs plugins.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from toolkit import pipeline
from toolkit.errors import ConfigError
from toolkit.printers.text import problem_lines
from toolkit.site.pages import SiteOptions, site_pages

log = logging.getLogger("mkdocs.plugins.refarch")


class RefarchConfig(Config):
    model = c.Type(str, default="architecture")
    prefix = c.Type(str, default="arkkitehtuuri")
    edit_base = c.Optional(c.Type(str))
    diagrams = c.Type(bool, default=True)
    fail_on_errors = c.Type(bool, default=True)


class RefarchPlugin(BasePlugin[RefarchConfig]):
    def on_files(self, files: Files, *, config) -> Files:
        root = Path(config.config_file_path).parent
        model_dir = root / self.config.model
        try:
            result = pipeline.check([model_dir])
        except ConfigError as exc:
            raise PluginError(f"refarch: {exc}") from None
        errors = [p for p in result.problems if p.severity == "error"]
        for problem in errors:
            log.error(problem_lines(problem)[0])
        if errors and self.config.fail_on_errors:
            raise PluginError(f"refarch: the model has {len(errors)} error(s); run `refarch validate`")
        options = SiteOptions(prefix=self.config.prefix, edit_base=self.config.edit_base,
                              diagrams=self.config.diagrams, directory_urls=config.use_directory_urls,
                              cache=root / ".refarch-cache" / "diagrams")
        for page in site_pages(result, options):
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"refarch: {page.path} is both hand-written and generated")
            files.append(File.generated(config, page.path, content=page.content))
        return files

    def on_serve(self, server, *, config, builder):
        server.watch(str(Path(config.config_file_path).parent / self.config.model))
        return server
