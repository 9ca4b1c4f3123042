"""The board's background task: building a pack. Run by `manage.py board_worker` (README "Background work").

Django's tasks API (`django.tasks` from Django 6, the `django-tasks` backport here) with its database backend
(`django-tasks-db`): `build_board_pack.enqueue(build_id)` writes a row to the queue's table in the same
transaction as the PackBuild, so a build is never queued without its task nor a task without its build. What a
task may not do by itself (notice a worker that died, retry, give up visibly) is cpboard's, in
cpboard/board/services/builds.py and build_worker.py."""

from __future__ import annotations

from django_tasks import TaskContext, task

from cpboard.board.services.build_worker import run_build


@task(takes_context=True)
def build_board_pack(context: TaskContext, build_id: int) -> None:
    run_build(build_id, task_id=str(context.task_result.id))
