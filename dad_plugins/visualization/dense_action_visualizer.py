"""Timeline pictures of one video: ground-truth and predicted segments per class, and a heat-map
of the per-token scores."""

import io
import os
from dataclasses import dataclass

import numpy as np
import torch
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.image import imsave
from matplotlib.ticker import AutoMinorLocator, MaxNLocator
from mmengine.dist import is_main_process
from mmengine.visualization import Visualizer

from dad_plugins.registry import VISUALIZERS
from dad_plugins.structures.dense_data_sample import DenseDataSample
from dad_plugins.utils.atomic_write import write_atomic

# Layout in inches: fixed margins, rows that add height.
_LEFT, _RIGHT, _TOP, _BOTTOM, _GAP = 3.1, 1.0, 0.75, 0.55, 0.55
_GT_COLOUR = '#1f4e79'
_SCORE_CMAP = 'YlOrRd'


@dataclass
class _Rows:
    """The classes drawn, one row each, and whether each has ground truth."""

    classes: list[int]
    has_gt: list[bool]


def _numpy(value) -> np.ndarray:
    """A tensor or array as a numpy array."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def _truncate(text: str, max_chars: int) -> str:
    """``text`` cut to ``max_chars`` characters, with an ellipsis when cut."""
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + '\u2026'


@VISUALIZERS.register_module()
class DenseActionVisualizer(Visualizer):
    """Draws one picture per video: a timeline of ground-truth and predicted segments and a
    heat-map of the per-token scores, one row per class, time in seconds of the video.

    Rows are the classes with ground truth (in order of their first segment) followed by the
    ``top_k`` classes with the highest predicted score that have none. In the timeline each row
    has a ground-truth bar (upper, dark blue) and a prediction bar (lower) for every detection
    of at least ``score_thr``, coloured and made opaque by its score. The heat-map below shows
    ``pred_frame_scores`` of the same rows. The figure grows with the number of rows, so a
    30-minute video with a dozen classes stays readable; long class names are truncated.

    Args:
        name (str): Instance name. Defaults to ``'visualizer'``.
        vis_backends (list[dict], optional): Visualisation backends. Defaults to None.
        save_dir (str, optional): Folder of the backends' files. Defaults to None.
        top_k (int): Classes without ground truth drawn, by highest predicted score.
            Defaults to 5.
        score_thr (float): Lowest score of a drawn detection. Defaults to 0.3.
        max_rows (int): Most rows drawn; ground-truth classes come first. Defaults to 40.
        fig_width (float): Figure width in inches. Defaults to 16.
        row_height (float): Height of one timeline row in inches (the heat-map row is 0.6 of
            it). Defaults to 0.34.
        dpi (int): Dots per inch of the picture. Defaults to 100.
        max_label_chars (int): Class names are cut to this length. Defaults to 34.
    """

    def __init__(
        self,
        name: str = 'visualizer',
        vis_backends: list[dict] | None = None,
        save_dir: str | None = None,
        top_k: int = 5,
        score_thr: float = 0.3,
        max_rows: int = 40,
        fig_width: float = 16.0,
        row_height: float = 0.34,
        dpi: int = 100,
        max_label_chars: int = 34,
    ) -> None:
        super().__init__(name=name, vis_backends=vis_backends, save_dir=save_dir)
        self.top_k = top_k
        self.score_thr = score_thr
        self.max_rows = max_rows
        self.fig_width = fig_width
        self.row_height = row_height
        self.dpi = dpi
        self.max_label_chars = max_label_chars

    def add_datasample(
        self,
        name: str,
        data_sample: DenseDataSample,
        draw_gt: bool = True,
        draw_pred: bool = True,
        show: bool = False,
        wait_time: float = 0,
        out_file: str | None = None,
        top_k: int | None = None,
        score_thr: float | None = None,
        step: int = 0,
    ) -> np.ndarray:
        """Draw ``data_sample`` and write it to ``out_file``, else to the backends.

        Unlike mmengine's drawing methods this runs on every rank, so that each rank can write
        the pictures of its own videos to ``out_file``; the backends and ``show`` are used on
        the main process only.

        Args:
            name (str): Name of the picture in the backends (and in the window title).
            data_sample (DenseDataSample): A whole video with ``gt_instances`` and/or
                ``pred_frame_scores`` / ``pred_instances``; metainfo ``duration`` and
                ``feature_rate`` (``video_id`` goes into the title).
            draw_gt (bool): Draw the ground truth. Defaults to True.
            draw_pred (bool): Draw the predictions. Defaults to True.
            show (bool): Show the picture in a window. Defaults to False.
            wait_time (float): Seconds the window stays open (0: until closed). Defaults to 0.
            out_file (str, optional): Write a PNG here (atomically) instead of to the backends.
            top_k (int, optional): Overrides the instance's ``top_k``.
            score_thr (float, optional): Overrides the instance's ``score_thr``.
            step (int): Step recorded by the backends. Defaults to 0.

        Returns:
            np.ndarray: The picture, ``(H, W, 3)`` uint8 RGB.
        """
        top_k = self.top_k if top_k is None else top_k
        score_thr = self.score_thr if score_thr is None else score_thr
        figure = self._draw(data_sample, draw_gt, draw_pred, top_k, score_thr)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        image = np.asarray(canvas.buffer_rgba())[..., :3].copy()
        if out_file is not None:
            buffer = io.BytesIO()
            imsave(buffer, image, format='png', dpi=self.dpi)
            write_atomic(os.fspath(out_file), buffer.getvalue())
        else:
            self.add_image(name, image, step)
        if show and is_main_process():
            self.show(image, win_name=name, wait_time=wait_time)
        return image

    # Drawing ------------------------------------------------------------------------------

    def _class_name(self, index: int) -> str:
        classes = (self.dataset_meta or {}).get('classes')
        name = classes[index] if classes is not None and index < len(classes) else f'class {index}'
        return _truncate(str(name), self.max_label_chars)

    def _rows(self, gt: dict, pred: dict, top_k: int, score_thr: float) -> _Rows:
        """Ground-truth classes by first start, then the best-scored other classes."""
        first_start: dict[int, float] = {}
        for (start, _), label in zip(gt.get('segments', []), gt.get('labels', [])):
            first_start[int(label)] = min(first_start.get(int(label), np.inf), float(start))
        gt_classes = sorted(first_start, key=lambda c: (first_start[c], c))
        best = {}
        if 'frame_scores' in pred and pred['frame_scores'].size:
            best = dict(enumerate(pred['frame_scores'].max(axis=0).tolist()))
        for label, score in zip(pred.get('labels', []), pred.get('scores', [])):
            best[int(label)] = max(best.get(int(label), 0.0), float(score))
        ranked = sorted(best, key=lambda c: (-best[c], c))
        others = [c for c in ranked if c not in first_start and best[c] > 0][:top_k]
        if 'frame_scores' not in pred:  # only detections: drop classes with nothing drawn
            others = [c for c in others if best[c] >= score_thr]
        classes = (gt_classes + others)[: self.max_rows]
        return _Rows(classes, [c in first_start for c in classes])

    def _collect(self, sample: DenseDataSample, draw_gt: bool, draw_pred: bool) -> tuple:
        """Numpy ground truth and predictions of ``sample``, and its duration in seconds."""
        gt, pred = {}, {}
        if draw_gt and 'gt_instances' in sample and 'segments' in sample.gt_instances:
            gt = dict(
                segments=_numpy(sample.gt_instances.segments).reshape(-1, 2),
                labels=_numpy(sample.gt_instances.labels).reshape(-1).astype(int),
            )
        if draw_pred and 'pred_instances' in sample and 'segments' in sample.pred_instances:
            pred.update(
                segments=_numpy(sample.pred_instances.segments).reshape(-1, 2),
                labels=_numpy(sample.pred_instances.labels).reshape(-1).astype(int),
                scores=_numpy(sample.pred_instances.scores).reshape(-1).astype(float),
            )
        if draw_pred and 'pred_frame_scores' in sample:
            pred['frame_scores'] = _numpy(sample.pred_frame_scores).astype(np.float32)
        duration = sample.metainfo.get('duration')
        if duration is None:  # the end of the last segment or token
            rate = float(sample.metainfo.get('feature_rate', 1.0))
            ends = [
                a[:, 1].max()
                for a in (gt.get('segments'), pred.get('segments'))
                if a is not None and a.size
            ]
            tokens = len(pred['frame_scores']) / rate if 'frame_scores' in pred else 0.0
            duration = max([*ends, tokens, 1.0])
        duration = max(float(duration), 1e-3)  # a zero duration still gets an axis
        for part in (gt, pred):  # drawn within the video only
            if 'segments' in part:
                part['segments'] = part['segments'].clip(0, duration)
        return gt, pred, duration

    def _draw(
        self,
        sample: DenseDataSample,
        draw_gt: bool,
        draw_pred: bool,
        top_k: int,
        score_thr: float,
    ) -> Figure:
        """The figure: title, timeline and (with ``pred_frame_scores``) the heat-map."""
        gt, pred, duration = self._collect(sample, draw_gt, draw_pred)
        rows = self._rows(gt, pred, top_k, score_thr)
        names = [self._class_name(c) for c in rows.classes]
        n_rows = max(len(rows.classes), 1)
        heat = 'frame_scores' in pred
        width = self.fig_width
        left = min(max(0.4 + 0.066 * max(map(len, names), default=0), 1.2), _LEFT)
        timeline_h = n_rows * self.row_height
        heat_h = n_rows * self.row_height * 0.6 if heat else 0.0
        height = _TOP + timeline_h + (_GAP + heat_h if heat else 0.0) + _BOTTOM
        figure = Figure(figsize=(width, height), dpi=self.dpi)
        frac_w = (width - left - _RIGHT) / width
        timeline = figure.add_axes(
            (left / width, 1 - (_TOP + timeline_h) / height, frac_w, timeline_h / height)
        )
        title = f'{sample.metainfo.get("video_id", "")}   {duration:.1f} s, {len(names)} classes'
        figure.text(
            0.3 / width, 1 - 0.3 / height, title.strip(), fontsize=12, weight='bold', va='center'
        )
        detections = f'detections with score \u2265 {score_thr:g} (colour and opacity = score)'
        legend = f'upper bar: ground truth    lower bar: {detections}' if gt else detections
        figure.text(
            0.3 / width,
            1 - 0.58 / height,
            legend,
            fontsize=9,
            va='center',
            color='#444444',
        )
        self._draw_timeline(
            timeline, gt, pred, rows, score_thr, frac_w * width * self.dpi / duration
        )
        self._format_rows(timeline, names, rows, duration)
        timeline.grid(axis='x', color='#dddddd', linewidth=0.6)
        timeline.tick_params(axis='x', labelbottom=not heat)
        if not rows.classes:
            timeline.text(
                duration / 2, 0, 'no ground truth and no predictions', ha='center', va='center'
            )
        if not heat:
            timeline.set_xlabel('time (s)', fontsize=9)
            return figure
        heat_axes = figure.add_axes((left / width, _BOTTOM / height, frac_w, heat_h / height))
        colour_bar = figure.add_axes(
            ((width - _RIGHT + 0.15) / width, _BOTTOM / height, 0.12 / width, heat_h / height)
        )
        rate = float(sample.metainfo.get('feature_rate', 1.0))
        start = sample.metainfo.get('window_start', 0) / rate
        scores = pred['frame_scores'][:, rows.classes] if rows.classes else np.zeros((1, 1))
        image = heat_axes.imshow(
            scores.T,  # (rows, T)
            aspect='auto',
            interpolation='nearest',
            cmap='viridis',
            norm=Normalize(0.0, 1.0),
            extent=(start, start + len(scores) / rate, n_rows - 0.5, -0.5),
        )
        self._format_rows(heat_axes, names, rows, duration)
        heat_axes.set_title('per-token scores', fontsize=9, loc='left')
        heat_axes.set_xlabel('time (s)', fontsize=9)
        figure.colorbar(image, cax=colour_bar).ax.tick_params(labelsize=7)
        return figure

    @staticmethod
    def _draw_timeline(
        axes, gt: dict, pred: dict, rows: _Rows, score_thr: float, px_per_s: float
    ) -> None:
        """Ground-truth bars (upper half of a row) and detection bars (lower half), one bar
        collection per row and kind; scores written on bars wide enough for them."""
        cmap = colormaps[_SCORE_CMAP]
        for row, label in enumerate(rows.classes):
            if 'segments' in gt:
                segments = gt['segments'][gt['labels'] == label]
                spans = [(s, max(e - s, 0.0)) for s, e in segments]
                axes.broken_barh(spans, (row - 0.42, 0.4), facecolors=_GT_COLOUR)
            if 'segments' not in pred:
                continue
            keep = (pred['labels'] == label) & (pred['scores'] >= score_thr)
            order = np.argsort(pred['scores'][keep], kind='stable')  # best drawn last, on top
            segments, scores = pred['segments'][keep][order], pred['scores'][keep][order]
            colours = [(*cmap(0.35 + 0.65 * p)[:3], 0.35 + 0.65 * p) for p in scores]
            spans = [(s, max(e - s, 0.0)) for s, e in segments]
            axes.broken_barh(spans, (row + 0.02, 0.4), facecolors=colours, edgecolors='none')
            for (s, e), p in zip(segments, scores):
                if (e - s) * px_per_s > 28:
                    axes.text(
                        (s + e) / 2,
                        row + 0.22,
                        f'{p:.2f}',
                        fontsize=7,
                        ha='center',
                        va='center',
                        clip_on=True,
                    )

    @staticmethod
    def _format_rows(axes, names: list[str], rows: _Rows, duration: float) -> None:
        """Class names on the rows (grey without ground truth), a seconds axis with readable
        ticks, thin lines between rows."""
        n_rows = max(len(names), 1)
        axes.set_xlim(0, duration)
        axes.set_ylim(n_rows - 0.5, -0.5)
        axes.set_yticks(range(len(names)))
        for label, has_gt in zip(axes.set_yticklabels(names, fontsize=8), rows.has_gt):
            if not has_gt:
                label.set_color('#8a8a8a')
        axes.xaxis.set_major_locator(MaxNLocator(nbins=18, steps=[1, 2, 2.5, 3, 5, 6, 10]))
        axes.xaxis.set_minor_locator(AutoMinorLocator())
        axes.tick_params(axis='x', labelsize=8)
        axes.set_axisbelow(True)
        for row in range(1, n_rows):
            axes.axhline(row - 0.5, color='#e4e4e4', linewidth=0.6)
